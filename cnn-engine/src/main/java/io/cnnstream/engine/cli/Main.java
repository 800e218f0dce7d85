package io.cnnstream.engine.cli;

import io.cnnstream.engine.json.JsonException;
import io.cnnstream.engine.model.UnknownModelException;
import io.cnnstream.engine.weights.SafetensorsFormatException;
import io.cnnstream.engine.weights.WeightsMismatchException;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;

/** Entry point of {@code bin/cnn}: dispatches to one command, maps user errors to exit status 2. */
public final class Main {
    static final String USAGE = String.join("\n",
            "usage: cnn COMMAND [OPTIONS]",
            "",
            "  cnn summary MODEL [--json]",
            "      layers, output shapes, parameters and multiply-accumulates of MODEL",
            "  cnn infer --model MODEL --weights FILE.safetensors --input IN.f32 --batch N --output OUT.f32",
            "            [--threads T]",
            "      raw little-endian float32 NxCxHxW in, raw little-endian float32 N x classes logits out",
            "  cnn classify IMAGE... --model MODEL [--weights FILE.safetensors] [--labels FILE] [--top K] [--json]",
            "            [--apply-exif] [--threads T]",
            "      top-K labels per image (JPEG, PNG, BMP, GIF, WebP, TIFF); untrained weights without --weights",
            "  cnn preprocess IMAGE --model MODEL --output OUT.f32 [--apply-exif]",
            "      the model's input for IMAGE (raw little-endian float32 CxHxW), exactly what classify feeds it",
            "  cnn bench [--model MODEL] [--weights FILE] [--kernels vector,scalar] [--threads 1,2] [--batch 1,8]",
            "            [--seconds S] [--warmup S] [--min-runs N] [--profile] [--json]",
            "      images/s and ms per batch (median) per kernels x threads x batch; --profile: time and GFLOPS",
            "      of each layer's kernel call in one pass; --json: one JSON object on stdout (the tables go",
            "      to stderr); seeded weights without --weights",
            "",
            "models: alexnet, alexnet-2012, alexnet-seed, lenet5 (raw tensors only), vgg16, googlenet, resnet50",
            "        (cnn summary MODEL shows the layers; weight names are torchvision's state_dict keys)",
            "exit status: 0 done, 2 bad arguments or input (the message says which), 3 classify could not",
            "read some images (the others are classified), 1 internal error");

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs one command; returns the exit status. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
            (args.length == 0 ? err : out).println(USAGE);
            return args.length == 0 ? 2 : 0;
        }
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        try {
            switch (args[0]) {
                case "summary" -> SummaryCommand.run(rest, out);
                case "infer" -> InferCommand.run(rest, out);
                case "classify" -> {
                    return ClassifyCommand.run(rest, out);
                }
                case "preprocess" -> PreprocessCommand.run(rest, out);
                case "bench" -> BenchCommand.run(rest, out, err);
                default -> throw new UsageException("unknown command '" + args[0] + "'; run 'cnn --help'");
            }
            return 0;
        } catch (UsageException | UnknownModelException | SafetensorsFormatException | WeightsMismatchException
                 | JsonException | UncheckedIOException e) {
            err.println("cnn: " + e.getMessage());
            return 2;
        } catch (IllegalArgumentException e) {
            err.println("cnn: " + args[0] + ": " + e.getMessage());
            return 2;
        }
    }
}
