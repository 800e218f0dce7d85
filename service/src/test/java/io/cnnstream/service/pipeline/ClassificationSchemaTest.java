package io.cnnstream.service.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The published JSON Schema names exactly the fields the service writes, at every level. */
class ClassificationSchemaTest {

    @Test
    void schemaMatchesTheResultRecords() throws Exception {
        JsonNode schema;
        try (InputStream in = getClass().getResourceAsStream("/schema/classification.schema.json")) {
            schema = JsonMapper.builder().build().readTree(in);
        }
        assertFields(schema, ClassificationResult.class);
        assertFields(schema.get("properties").get("top").get("items"), ClassificationResult.Top.class);
        assertFields(schema.get("properties").get("model"), ClassificationResult.ModelRef.class);
        assertFields(schema.get("properties").get("source"), ClassificationResult.Source.class);
    }

    private static void assertFields(JsonNode object, Class<? extends Record> type) {
        List<String> required = new ArrayList<>();
        object.get("required").forEach(n -> required.add(n.asString()));
        List<String> components = Arrays.stream(type.getRecordComponents()).map(RecordComponent::getName).toList();
        assertThat(required).as(type.getSimpleName()).containsExactlyElementsOf(components);
        assertThat(object.get("properties").propertyNames()).as(type.getSimpleName()).containsExactlyElementsOf(components);
    }
}
