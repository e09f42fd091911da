// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.core;

import io.tunnelwatch.core.spi.EventFormat;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the data cannot show: for one source (event format) present in an input, the detection's
 * fields it structurally lacks ({@link EventFormat#lacks()}, from the adapter's own mapping) and
 * what each hides. Security 4688 has no {@code OriginalFileName}, so a renamed devtunnel.exe is
 * invisible in 4688-only data; CrowdStrike has no parent command line. Immutable.
 *
 * @param format the format's id, such as {@code winsecurity-4688}
 * @param events the events of that format that were read
 * @param gaps the fields it lacks, in {@link Field} order, each with what it hides
 * @since 0.1.0
 */
public record Coverage(String format, long events, Map<Field, String> gaps) {
  private static final Map<Field, String> HIDES = hides();

  /** Copies the map, keeping {@link Field} order. */
  public Coverage {
    Objects.requireNonNull(format, "format");
    gaps = Collections.unmodifiableMap(gaps.isEmpty() ? new EnumMap<>(Field.class) : new EnumMap<>(gaps));
  }

  /** The coverage of {@code format}, of which {@code events} were read. */
  public static Coverage of(EventFormat format, long events) {
    Map<Field, String> gaps = new EnumMap<>(Field.class);
    for (Field f : format.lacks()) {
      gaps.put(f, hides(f));
    }
    return new Coverage(format.id(), events, gaps);
  }

  /**
   * The coverage of each of {@code formats} that read at least one event, as {@code eventsByFormat}
   * counts them by format id; in the order of {@code formats}. Empty when no event of any format was
   * read: the input holds no in-scope source at all, and nothing in it could match.
   */
  public static List<Coverage> of(Collection<EventFormat> formats, Map<String, Long> eventsByFormat) {
    List<Coverage> present = new ArrayList<>();
    for (EventFormat f : formats) {
      Long n = eventsByFormat.get(f.id());
      if (n != null && n > 0) {
        present.add(of(f, n));
      }
    }
    return present;
  }

  /** What a source without {@code field} cannot show. */
  public static String hides(Field field) {
    return Objects.requireNonNull(HIDES.get(field), field.cimName()); // every field has an entry
  }

  /** True when the source lacks a field the detection's predicate tests ({@code original_file_name}). */
  public boolean blindsTheDetection() {
    return gaps.containsKey(Field.ORIGINAL_FILE_NAME) || gaps.containsKey(Field.PROCESS_NAME);
  }

  private static Map<Field, String> hides() {
    Map<Field, String> m = new EnumMap<>(Field.class);
    m.put(Field.PROCESS, "the command line: what devtunnel was told to do (host, anonymous access, ports) is unknown");
    m.put(Field.VENDOR_PRODUCT, "which product logged the event");
    m.put(Field.USER_ID, "the user's SID: accounts of the same name in different domains look alike");
    m.put(Field.PROCESS_HASH, "the binary's hash: a tampered or unexpected devtunnel build looks like Microsoft's");
    m.put(Field.PARENT_PROCESS_NAME, "the parent's name: what started devtunnel is unknown");
    m.put(Field.PARENT_PROCESS_EXEC, "the parent's executable name (parent_process_exec)");
    m.put(Field.ACTION, "whether the process was allowed");
    m.put(Field.DEST, "the host: rows cannot be tied to a machine");
    m.put(Field.PROCESS_CURRENT_DIRECTORY,
        "the working directory: a devtunnel run from a Downloads or temp folder looks like any other");
    m.put(Field.PROCESS_PATH, "the full path: a devtunnel.exe run from an unusual folder looks like any other");
    m.put(Field.PROCESS_INTEGRITY_LEVEL, "the integrity level: an elevated devtunnel looks like any other");
    m.put(Field.ORIGINAL_FILE_NAME, "the PE original file name: a renamed devtunnel.exe is invisible, only"
        + " process_name=devtunnel.exe can match");
    m.put(Field.PARENT_PROCESS, "the parent's command line: which script, task or tool launched devtunnel, and how,"
        + " is unknown");
    m.put(Field.PARENT_PROCESS_PATH, "the parent's full path: a parent named like a system binary but run from"
        + " elsewhere looks genuine");
    m.put(Field.PARENT_PROCESS_GUID, "the parent's GUID: the parent cannot be joined to its own events (pids are reused)");
    m.put(Field.PARENT_PROCESS_ID, "the parent's pid");
    m.put(Field.PROCESS_GUID, "the process GUID: the devtunnel process cannot be joined to its network and file"
        + " events (pids are reused)");
    m.put(Field.PROCESS_ID, "the pid");
    m.put(Field.USER, "the user: who ran devtunnel is unknown");
    m.put(Field.PROCESS_NAME, "the file name: only a renamed binary's original_file_name can match");
    return m;
  }
}
