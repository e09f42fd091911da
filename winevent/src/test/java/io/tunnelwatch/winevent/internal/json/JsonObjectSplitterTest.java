// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.winevent.internal.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

final class JsonObjectSplitterTest {
  private static List<String> split(String text, int max) throws IOException {
    List<String> out = new ArrayList<>();
    new JsonObjectSplitter(max).split(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)),
        new JsonObjectSplitter.Listener() {
          @Override
          public void object(byte[] b, int offset, int length, long line) {
            out.add(line + ":" + new String(b, offset, length, StandardCharsets.UTF_8));
          }

          @Override
          public void problem(long line, String reason) {
            out.add(line + "!" + reason);
          }
        });
    return out;
  }

  @Test
  void prettyPrintedObjectsBackToBack_areSplitWithTheirFirstLine() throws IOException {
    assertThat(split("{\n  \"a\": {\n    \"b\": 1\n  }\n}\n{\n  \"c\": \"}{\"\n}\n", 1000))
        .containsExactly("1:{\n  \"a\": {\n    \"b\": 1\n  }\n}", "6:{\n  \"c\": \"}{\"\n}");
  }

  @Test
  void anArrayOfObjects_givesEachObject() throws IOException {
    assertThat(split("[\n  {\"a\": [1, {\"x\": \"\\\"]\"}]},\n  {\"b\": 2}\n]\n", 1000))
        .containsExactly("2:{\"a\": [1, {\"x\": \"\\\"]\"}]}", "3:{\"b\": 2}");
  }

  @Test
  void textBetweenObjects_isReported_andSplittingResumesAtTheNextObjectLine() throws IOException {
    assertThat(split("{\"a\":1}\ngarbage here\n{\"b\":2}\n", 1000))
        .containsExactly("1:{\"a\":1}", "2!not a JSON object", "3:{\"b\":2}");
  }

  @Test
  void evtxDumpsRecordLines_arePassedOver() throws IOException {
    assertThat(split("Record 1\n{\n  \"a\": 1\n}\nRecord 22\r\n{\n  \"b\": 2\n}\nRecord x\n", 1000))
        .containsExactly("2:{\n  \"a\": 1\n}", "6:{\n  \"b\": 2\n}", "9!not a JSON object");
  }

  @Test
  void anObjectOverTheLimit_isReported_andTheNextOneRead() throws IOException {
    assertThat(split("{\"a\":\"0123456789\"\n  }\n{\"b\":2}\n", 10))
        .containsExactly("1!a JSON object longer than the maximum of 10 bytes", "3:{\"b\":2}");
  }

  @Test
  void anInputEndingInsideAnObject_isReported() throws IOException {
    assertThat(split("{\"a\":1}\n{\"b\":\n", 1000)).containsExactly("1:{\"a\":1}", "2!the input ends inside a JSON object");
  }
}
