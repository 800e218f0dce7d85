#!/usr/bin/python3
"""Makes the image-pipeline golden files with PIL and torchvision (Debian python3-torchvision).

    /usr/bin/python3 tools/golden/make_image_golden.py

Writes, under cnn-engine/src/test/resources/:
  images/generated/   small hand-made inputs PIL can write: CMYK, greyscale and progressive JPEGs,
                      16-bit, grey+alpha and RGBA PNGs, a BMP, lossy and lossless WebP, a JPEG with EXIF orientation 6
  golden/images/      what PIL's convert("RGB") makes of each decodable input (lossless PNG), and
                      torchvision's Resize(256) + CenterCrop(224|227) of each sample photo as uint8 PNG
  golden/images/classify_alexnet_seeded.json
                      torchvision alexnet's top-5 on each sample photo with the engine's seeded weights
  golden/images/normalized.safetensors
                      the centre 16x16 of each channel of torchvision's full evaluation transform
                      (ToTensor + Normalize), to check the float arithmetic end to end
"""
import io
import json
import os
import sys

import numpy as np
import torch
from PIL import Image, ImageOps
from torchvision import transforms

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
import safetensors_io  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
SAMPLES = os.path.join(ROOT, "samples", "images")
RES = os.path.join(ROOT, "cnn-engine", "src", "test", "resources")
GENERATED = os.path.join(RES, "images", "generated")
GOLDEN = os.path.join(RES, "golden", "images")
MEAN, STD = [0.485, 0.456, 0.406], [0.229, 0.224, 0.225]


def scene(w, h):
    y, x = np.mgrid[0:h, 0:w]
    r = (x * 255 // max(w - 1, 1)).astype(np.uint8)
    g = (y * 255 // max(h - 1, 1)).astype(np.uint8)
    b = (((x // 8 + y // 8) % 2) * 200 + 30).astype(np.uint8)
    return np.dstack([r, g, b])


def png16(array, color_type):
    import struct
    import zlib
    h, w = array.shape[:2]
    rows = b"".join(b"\x00" + array[y].astype(">u2").tobytes() for y in range(h))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 16, color_type, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def make_generated():
    os.makedirs(GENERATED, exist_ok=True)
    rgb = Image.fromarray(scene(48, 32))
    files = {}
    buf = io.BytesIO(); rgb.convert("CMYK").save(buf, "JPEG", quality=95); files["cmyk.jpg"] = buf.getvalue()
    buf = io.BytesIO(); rgb.convert("L").save(buf, "JPEG", quality=95); files["grey.jpg"] = buf.getvalue()
    buf = io.BytesIO(); rgb.save(buf, "JPEG", quality=90, progressive=True); files["progressive.jpg"] = buf.getvalue()
    buf = io.BytesIO(); rgb.save(buf, "BMP"); files["scene.bmp"] = buf.getvalue()
    la = Image.merge("LA", [rgb.convert("L"), Image.fromarray(scene(48, 32)[:, :, 2])])
    buf = io.BytesIO(); la.save(buf, "PNG"); files["grey_alpha.png"] = buf.getvalue()
    rgba = rgb.copy(); rgba.putalpha(Image.fromarray(scene(48, 32)[:, :, 0]))
    buf = io.BytesIO(); rgba.save(buf, "PNG"); files["rgba.png"] = buf.getvalue()
    grey16 = (np.arange(48 * 32, dtype=np.uint32).reshape(32, 48) * 43 % 65536).astype(np.uint16)
    grey16[0, :4] = [0, 100, 255, 256]
    files["grey16.png"] = png16(grey16, 0)
    rgb16 = np.dstack([grey16, 65535 - grey16, (grey16 * 7) % 65536]).astype(np.uint16)
    files["rgb16.png"] = png16(rgb16, 2)
    buf = io.BytesIO(); rgb.save(buf, "WEBP", lossless=True); files["lossless.webp"] = buf.getvalue()
    buf = io.BytesIO(); rgb.save(buf, "WEBP", quality=90); files["lossy.webp"] = buf.getvalue()
    exif = Image.Exif(); exif[0x0112] = 6  # orientation: rotate 90 CW to display
    buf = io.BytesIO(); rgb.save(buf, "JPEG", quality=95, exif=exif.tobytes()); files["exif_orientation6.jpg"] = buf.getvalue()
    for name, data in files.items():
        with open(os.path.join(GENERATED, name), "wb") as f:
            f.write(data)


def as_rgb(path, apply_exif=False):
    with Image.open(path) as im:
        if apply_exif:
            im = ImageOps.exif_transpose(im)
        return im.convert("RGB")


def main():
    make_generated()
    os.makedirs(GOLDEN, exist_ok=True)
    decodable = [os.path.join(GENERATED, f) for f in sorted(os.listdir(GENERATED))]
    decodable += [os.path.join(SAMPLES, "odd", f) for f in ("palette_color.png", "foo3x5x4indexed.png",
                                                               "no_time_for_that_tiny.gif")]
    for path in decodable:
        as_rgb(path).save(os.path.join(GOLDEN, os.path.basename(path) + ".rgb.png"))
    as_rgb(os.path.join(GENERATED, "exif_orientation6.jpg"), apply_exif=True).save(
        os.path.join(GOLDEN, "exif_orientation6.jpg.oriented.rgb.png"))

    patches, index = {}, {}
    photos = sorted(f for f in os.listdir(SAMPLES) if f.endswith((".jpg", ".png")))
    for name in photos:
        for crop in (224, 227):
            if crop == 227 and name not in ("dog.jpg", "chelsea.png"):
                continue
            cropped = transforms.CenterCrop(crop)(transforms.Resize(256)(as_rgb(os.path.join(SAMPLES, name))))
            cropped.save(os.path.join(GOLDEN, "%s.%d.png" % (name, crop)))
            tensor = transforms.Normalize(MEAN, STD)(transforms.ToTensor()(cropped))
            c = crop // 2 - 8
            patches["%s.%d" % (name, crop)] = tensor[:, c:c + 16, c:c + 16].contiguous()
            index["%s.%d" % (name, crop)] = c
    safetensors_io.save(os.path.join(GOLDEN, "normalized.safetensors"), patches,
                        {"patch_origin": json.dumps(index), "torchvision": __import__("torchvision").__version__})
    write_classify_golden(photos)
    print("image golden files written to", GOLDEN)


def write_classify_golden(photos):
    """Top-5 of torchvision's alexnet with the seeded weights on every sample photo (cnn classify's test)."""
    import torchvision
    from seeded_init import init_state_dict

    model = torchvision.models.alexnet().eval()
    init_state_dict(model.state_dict())
    transform = transforms.Compose([transforms.Resize(256), transforms.CenterCrop(224), transforms.ToTensor(),
                                    transforms.Normalize(MEAN, STD)])
    golden = {}
    with torch.no_grad():
        for name in photos:
            x = transform(as_rgb(os.path.join(SAMPLES, name))).unsqueeze(0)
            p = torch.softmax(model(x), dim=1)[0]
            values, indices = torch.topk(p, 5)
            golden[name] = [[int(i), float(v)] for v, i in zip(values, indices)]
    with open(os.path.join(GOLDEN, "classify_alexnet_seeded.json"), "w") as f:
        json.dump(golden, f, indent=1)


if __name__ == "__main__":
    main()
