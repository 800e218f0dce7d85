package io.cnnstream.engine.draw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/** The SVG writer escapes what it is given, so any layer name makes a well-formed document. */
class SvgTest {
    @Test
    void markupInNamesAndTextIsEscapedAndTheDocumentParses() throws Exception {
        String svg = new Svg().rect(1, 2, 3, 4, "#fff", "a<b>&\"c\"").text(5, 6, "x < y & \"z\"\u0001", 10, true)
                .heading(1, 1, "title & more", 12).arrow(0, 0, 1, 1).path("#000", 0, 0, 1, 1, 2, 2)
                .document(100, 50, "t<1>");
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        assertEquals("a<b>&\"c\"", doc.getElementsByTagName("rect").item(1).getAttributes().getNamedItem("data-layer").getNodeValue());
        assertEquals("x < y & \"z\" ", doc.getElementsByTagName("text").item(0).getTextContent());
        assertEquals("t<1>", doc.getElementsByTagName("title").item(0).getTextContent());
        assertTrue(svg.contains("viewBox=\"0 0 100 50\""));
    }
}
