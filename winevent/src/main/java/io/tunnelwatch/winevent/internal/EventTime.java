// SPDX-License-Identifier: Apache-2.0
package io.tunnelwatch.winevent.internal;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import org.jspecify.annotations.Nullable;

/**
 * Not API: the UTC times Windows events carry, parsed by hand (this runs once or twice per event).
 * Accepts {@code yyyy-MM-dd HH:mm:ss} or {@code yyyy-MM-ddTHH:mm:ss}, then an optional fraction of
 * 1 to 9 digits after a dot, then an optional {@code Z}: Sysmon's {@code UtcTime}
 * ({@code 2019-07-29 21:32:55.535}), Windows' {@code SystemTime} ({@code 2019-07-29T21:32:55.5836660Z})
 * and python-evtx's ({@code 2016-09-20 19:15:40.252930}). A time without a zone is UTC.
 */
public final class EventTime {
  private static final int SECONDS_END = 19; // "yyyy-MM-ddTHH:mm:ss".length()

  private EventTime() {}

  /** The instant {@code text} denotes, or null when it is absent or not such a time. */
  public static @Nullable Instant parse(@Nullable String text) {
    if (text == null || text.length() < SECONDS_END) {
      return null;
    }
    char sep = text.charAt(10);
    if (text.charAt(4) != '-' || text.charAt(7) != '-' || (sep != 'T' && sep != ' ')
        || text.charAt(13) != ':' || text.charAt(16) != ':') {
      return null;
    }
    int year = digits(text, 0, 4);
    int month = digits(text, 5, 7);
    int day = digits(text, 8, 10);
    int hour = digits(text, 11, 13);
    int minute = digits(text, 14, 16);
    int second = digits(text, 17, 19);
    if ((year | month | day | hour | minute | second) < 0 || hour > 23 || minute > 59 || second > 59) {
      return null;
    }
    int end = text.length();
    if (text.charAt(end - 1) == 'Z') {
      end--;
    }
    int nanos = 0;
    int i = SECONDS_END;
    if (i < end) {
      if (text.charAt(i) != '.' || end - i - 1 < 1 || end - i - 1 > 9) {
        return null;
      }
      int fraction = digits(text, i + 1, end);
      if (fraction < 0) {
        return null;
      }
      nanos = fraction;
      for (int k = end - i - 1; k < 9; k++) {
        nanos *= 10;
      }
    }
    long epochDay;
    try {
      epochDay = LocalDate.of(year, month, day).toEpochDay();
    } catch (DateTimeException e) {
      return null; // 2019-02-30 and the like
    }
    return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3_600L + minute * 60L + second, nanos);
  }

  /** The decimal value of {@code text[from, to)}, or -1 when a character there is not 0-9. */
  private static int digits(String text, int from, int to) {
    int v = 0;
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }
}
