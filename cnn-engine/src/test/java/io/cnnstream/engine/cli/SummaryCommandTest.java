package io.cnnstream.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cnnstream.engine.json.Json;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class SummaryCommandTest {

    @Test
    void jsonFollowsTheContract() {
        CliRun run = CliRun.of("summary", "alexnet-2012", "--json");
        assertEquals(0, run.status(), run.err());
        @SuppressWarnings("unchecked")
        Map<String, Object> json = (Map<String, Object>) Json.parse(run.out());
        assertEquals(List.of("model", "input", "params", "macs", "layers"), List.copyOf(json.keySet()));
        assertEquals("alexnet-2012", json.get("model"));
        assertEquals(List.of(3L, 227L, 227L), json.get("input"));
        assertEquals(60_965_224L, json.get("params"));
        @SuppressWarnings("unchecked")
        Map<String, Object> first = ((List<Map<String, Object>>) json.get("layers")).get(0);
        assertEquals(Map.of("name", "features.0", "type", "Conv2d", "output", List.of(96L, 55L, 55L),
                "params", 34_944L, "macs", 96L * 55 * 55 * 3 * 11 * 11), first);
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"alexnet,61100840", "alexnet-2012,60965224", "alexnet-seed,62378344",
            "lenet5,61706", "vgg16,138357544", "googlenet,6624904", "resnet50,25557032"})
    void everyRegisteredModelIsSummarised(String model, long params) {
        CliRun run = CliRun.of("summary", model, "--json");
        assertEquals(0, run.status(), run.err());
        assertEquals(params, ((Map<?, ?>) Json.parse(run.out())).get("params"));
    }

    @Test
    void textTableEndsWithTotals() {
        CliRun run = CliRun.of("summary", "alexnet");
        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().startsWith("alexnet: torchvision AlexNet, input 3x224x224"), run.out());
        String last = run.out().strip().lines().reduce((a, b) -> b).orElseThrow();
        assertTrue(last.matches("total\\s+61,100,840\\s+714,188,480"), last);
    }

    @Test
    void badArgumentsExitWithStatus2AndOneLine() {
        assertError(CliRun.of("summary"), "cnn: summary: Missing required parameter: 'MODEL' (see 'cnn summary --help')");
        assertError(CliRun.of("summary", "resnet9"), "cnn: unknown model 'resnet9'; known models: alexnet, alexnet-2012, alexnet-seed, lenet5, vgg16, googlenet, resnet50");
        assertError(CliRun.of("summary", "alexnet", "--yaml"), "cnn: summary: Unknown option: '--yaml' (see 'cnn summary --help')");
        assertError(CliRun.of("fit"), "cnn: unknown command 'fit'; run 'cnn --help'");
        CliRun none = CliRun.of();
        assertEquals(2, none.status());
        assertTrue(none.err().startsWith("Usage: cnn [-hV] [COMMAND]"), none.err());
        CliRun help = CliRun.of("--help");
        assertEquals(0, help.status());
        for (String command : List.of("summary", "infer", "classify", "preprocess", "bench", "train", "eval", "generate-completion")) {
            assertTrue(help.out().contains("  " + command + " "), "help lists " + command + ": " + help.out());
        }
        CliRun modelHelp = CliRun.of("summary", "--help");
        assertTrue(modelHelp.out().contains("one of alexnet, alexnet-2012"), "help lists the models: " + modelHelp.out());
    }

    static void assertError(CliRun run, String expected) {
        assertEquals(2, run.status(), run.out());
        assertEquals(expected, run.err().strip());
        assertEquals("", run.out());
    }
}
