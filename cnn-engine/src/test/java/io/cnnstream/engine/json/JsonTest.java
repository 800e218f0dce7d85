package io.cnnstream.engine.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void parsesNestedValues() {
        Object v = Json.parse(" {\"a\": [1, -2.5e1, true, null], \"b\": \"x\\\"\\u00e9\\n\", \"c\": {}} ");
        assertEquals(Map.of("a", java.util.Arrays.asList(1L, -25.0, true, null), "b", "x\"é\n", "c", Map.of()), v);
    }

    @Test
    void writesWhatItParses() {
        Map<String, Object> value = new java.util.LinkedHashMap<>();
        value.put("name", "tab\there");
        value.put("shape", new int[] {3, 224, 224});
        value.put("list", List.of(1L, 2.5, false));
        String text = Json.write(value);
        assertEquals("{\"name\":\"tab\\there\",\"shape\":[3,224,224],\"list\":[1,2.5,false]}", text);
        assertEquals(Map.of("name", "tab\there", "shape", List.of(3L, 224L, 224L), "list", List.of(1L, 2.5, false)),
                Json.parse(text));
    }

    @Test
    void nestingIsLimitedAndTheLimitItselfParses() {
        String deepest = "[".repeat(Json.MAX_DEPTH) + "]".repeat(Json.MAX_DEPTH);
        assertTrue(Json.parse(deepest) instanceof List<?>, "512 levels parse");
        JsonException e = assertThrows(JsonException.class,
                () -> Json.parse("[".repeat(Json.MAX_DEPTH + 1) + "]".repeat(Json.MAX_DEPTH + 1)));
        assertTrue(e.getMessage().contains("nested deeper than 512"), e.getMessage());
        // siblings do not add up: depth is nesting, not count
        Json.parse("[" + "[[]],".repeat(10_000) + "[]]");
    }

    @Test
    void rejectsMalformedTextWithAPosition() {
        for (String bad : List.of("", "{", "{\"a\" 1}", "[1,]", "{\"a\":1}x", "\"abc", "{\"a\":1,\"a\":2}", "tru")) {
            JsonException e = assertThrows(JsonException.class, () -> Json.parse(bad), bad);
            assertEquals(true, e.getMessage().contains("at character"), e.getMessage());
        }
    }
}
