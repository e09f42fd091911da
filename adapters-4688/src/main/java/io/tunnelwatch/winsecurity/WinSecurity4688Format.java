package io.tunnelwatch.winsecurity;

import io.tunnelwatch.core.internal.winevent.ProviderClaim;
import io.tunnelwatch.core.spi.EventFormat;
import io.tunnelwatch.core.spi.LineClaim;
import io.tunnelwatch.core.spi.LineParser;
import io.tunnelwatch.core.spi.LineSyntax;

/**
 * Windows Security event 4688 (a new process has been created) as Splunk's XmlWinEventLog shows it,
 * one {@code <Event>} per line, in the Windows rendering or an exporter's, every event version
 * (versions 0 and 1 lack {@code ParentProcessName}, {@code MandatoryLabel} and the {@code Target*}
 * fields). Other events of {@code Microsoft-Windows-Security-Auditing}, and well-formed events of
 * other providers, are skipped; lines that are not well-formed XML are rejected. The field mapping
 * is DESIGN.md section 3. Stateless and thread-safe.
 *
 * <p>Claims a line as its own when the first {@code Provider} element is named
 * {@code Microsoft-Windows-Security-Auditing}, and as its family when it starts with {@code <}.
 *
 * @since 0.1.0
 */
public final class WinSecurity4688Format implements EventFormat {
  private static final ProviderClaim CLAIM = new ProviderClaim(WinSecurity4688Parser.PROVIDER);

  /** The format; the public constructor is for {@link java.util.ServiceLoader}. */
  public WinSecurity4688Format() {}

  /** Returns {@code winsecurity-4688}. */
  @Override
  public String id() {
    return "winsecurity-4688";
  }

  @Override
  public LineClaim claim(byte[] line, int offset, int length) {
    return CLAIM.claim(line, offset, length);
  }

  /** True for a line whose first non-blank byte is {@code <}. */
  @Override
  public boolean recognises(byte[] line, int offset, int length) {
    return CLAIM.recognises(line, offset, length);
  }

  /**
   * XML: the reader's prefilter may pass over lines that cannot match. Safe for this parser because
   * it reads a field with {@code getElementText} (a child element in a field is malformed; text
   * around comments, instructions and CDATA is joined, which the prefilter parses anyway) and
   * decodes the line as UTF-8 itself.
   */
  @Override
  public LineSyntax syntax() {
    return LineSyntax.XML;
  }

  @Override
  public LineParser newParser() {
    return new WinSecurity4688Parser();
  }
}
