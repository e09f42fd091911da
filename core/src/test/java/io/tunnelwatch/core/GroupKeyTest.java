// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.core;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

final class GroupKeyTest {
  @Test
  void of_namesTheFieldWhoseValueIsNull() {
    for (Field field : Field.values()) {
      List<String> values = new ArrayList<>(Collections.nCopies(Field.count(), "x"));
      values.set(field.index(), null);
      assertThatThrownBy(() -> GroupKey.of(values))
          .isInstanceOf(NullPointerException.class)
          .hasMessage("value of " + field.cimName());
    }
  }
}
