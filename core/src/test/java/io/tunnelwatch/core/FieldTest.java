// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

final class FieldTest {
  @Test
  void fields_areTheTwentyOfTheSearchByClause_inOrder() {
    assertThat(Arrays.stream(Field.values()).map(Field::cimName))
        .containsExactly(
            "process", "vendor_product", "user_id", "process_hash", "parent_process_name",
            "parent_process_exec", "action", "dest", "process_current_directory", "process_path",
            "process_integrity_level", "original_file_name", "parent_process", "parent_process_path",
            "parent_process_guid", "parent_process_id", "process_guid", "process_id", "user", "process_name");
  }

  @Test
  void missingValue_isUnknownWhereTheCimSaysSo_elseNull() {
    assertThat(Arrays.stream(Field.values()).filter(f -> f.missingValue().equals("unknown")).map(Field::cimName))
        .containsExactlyInAnyOrder(
            "dest", "original_file_name", "parent_process", "parent_process_name", "process",
            "process_name", "user", "vendor_product");
    assertThat(Field.USER_ID.missingValue()).isEqualTo("null");
  }

  @Test
  void normalize_treatsNullEmptyAndDashAsMissing_andKeepsEverythingElseVerbatim() {
    assertThat(Field.DEST.normalize(null)).isEqualTo("unknown");
    assertThat(Field.DEST.normalize("")).isEqualTo("unknown");
    assertThat(Field.DEST.normalize("-")).isEqualTo("unknown");
    assertThat(Field.PROCESS_GUID.normalize("-")).isEqualTo("null");
    assertThat(Field.DEST.normalize(" ")).isEqualTo(" ");
    assertThat(Field.DEST.normalize("--")).isEqualTo("--");
    assertThat(Field.PROCESS_GUID.normalize("{AbC-1}")).isEqualTo("{AbC-1}");
  }

  @Test
  void ofCimName_acceptsThePrefixAndAnyCase_andNamesTheValidOnesOtherwise() {
    assertThat(Field.ofCimName("Processes.process_name")).isEqualTo(Field.PROCESS_NAME);
    assertThat(Field.ofCimName("DEST")).isEqualTo(Field.DEST);
    assertThatThrownBy(() -> Field.ofCimName("host"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'host'")
        .hasMessageContaining("dest");
  }
}
