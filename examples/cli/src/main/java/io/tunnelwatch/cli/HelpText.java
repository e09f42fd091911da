package io.tunnelwatch.cli;

/**
 * The help texts, as picocli 4.7 printed them for an 80-column terminal when it parsed the command
 * line; kept as text so that help costs no layout work at start-up.
 */
final class HelpText {
  private HelpText() {}

  /** {@code tunnelwatch --help}. */
  static final String TUNNELWATCH = """
      Usage: tunnelwatch [-hV] [COMMAND]
      Runs Splunk's "Windows Devtunnels Execution" detection (MITRE ATT&CK T1090)
      over exported logs.
        -h, --help      Show this help message and exit.
        -V, --version   Print version information and exit.

      Commands:
        scan  Reads Sysmon Event ID 1 and Security 4688 (.evtx files, XML exports,
                Splunk XmlWinEventLog lines, and JSON: evtx_dump, Elastic/Winlogbeat,
                NXLog and other flat EventData) and CrowdStrike FDR ProcessRollup2
                (JSON lines), in any mix and gzipped or not, runs the detection
                (original_file_name=devtunnel.dll OR process_name=devtunnel.exe,
                aggregated like tstats) and writes one result row per group to
                standard output, a summary to standard error.
        help  Display help information about the specified command.

      """;

  /** {@code tunnelwatch scan --help}. */
  static final String SCAN = """
      Usage: tunnelwatch scan [-hvV] [--annotate] [--fail-on-detection]
                              [--no-prefilter] [--[no-]progress] [--raw-csv]
                              [--schedule] [--show-suppressed] [--strict]
                              [--allowlist=FILE] [--earliest=INSTANT]
                              [--filter-timeout=DURATION] [--hec-index=INDEX]
                              [--latest=INSTANT] [-o=FORMAT] [--plugins=DIR]
                              [--risk=FILE] [--risk-output=FORMAT]
                              [--source-zone=ZONE] [--temp-dir=DIR]
                              [--time-format=FORMAT] [--zone=ZONE]
                              [--max-clock-skew=DURATION] [--coverage]
                              [--throttle=DURATION]
                              [--throttle-fields=NAME[,NAME...]]
                              [--columns=NAME[,NAME...]]... FILE...
      Reads Sysmon Event ID 1 and Security 4688 (.evtx files, XML exports, Splunk
      XmlWinEventLog lines, and JSON: evtx_dump, Elastic/Winlogbeat, NXLog and other
      flat EventData) and CrowdStrike FDR ProcessRollup2 (JSON lines), in any mix and
      gzipped or not, runs the detection (original_file_name=devtunnel.dll OR
      process_name=devtunnel.exe, aggregated like tstats) and writes one result row
      per group to standard output, a summary to standard error.
      
            FILE...               Log files (.gz read transparently), named pipes,
                                    directories (their *.evtx, *.xml, *.json, *.jsonl,
                                    *.ndjson, *.log, *.txt files, also rotated and
                                    gzipped, recursively), or - for standard input.
        -o, --output=FORMAT       table (for people), jsonl (one JSON object per
                                    row), csv (RFC 4180), ocsf (one OCSF 1.8.0
                                    Detection Finding per row) or hec (one Splunk
                                    HEC envelope per row). Default: table.
            --columns=NAME[,NAME...]
                                  The columns of table and csv output,
                                    comma-separated (jsonl always has every key).
            --raw-csv             Write csv cells as they are. By default a cell that
                                    starts with =, +, -, @, tab or carriage return
                                    gets a ' in front, so that a spreadsheet shows it
                                    as text instead of running it as a formula.
            --zone=ZONE           Time zone of firstTime and lastTime in the output,
                                    such as UTC, Europe/Paris or +02:00. Default: UTC.
            --time-format=FORMAT  firstTime, lastTime and window times as splunk
                                    (2024-04-23T10:48:30, the detection's own),
                                    rfc3339 (2024-04-23T10:48:30.4493768+02:00) or
                                    epoch (1713862110.4493768). Default: splunk.
            --source-zone=ZONE    Time zone of input times written without one
                                    (NXLog's EventTime), such as Europe/Paris or
                                    +02:00; not that of the output (--zone). Default:
                                    UTC.
            --earliest=INSTANT    Only events at or after this ISO-8601 instant, such
                                    as 2024-04-23T00:00:00Z.
            --latest=INSTANT      Only events before this ISO-8601 instant.
            --schedule            Evaluate as Splunk's hourly runs would (windows [hh:
                                    50, hh+1:50) evaluated 10 minutes later, time
                                    advancing with the events in input order): one
                                    result set per window, each row with
                                    window_start, window_end and late. Unlike Splunk,
                                    an event that arrives after its window ran is
                                    still reported, in a row marked late.
            --max-clock-skew=DURATION
                                  With --schedule: an event dated more than this
                                    after the clock is a future event, kept in its
                                    own window and listed in the summary, but it
                                    does not advance time. Default: 10m.
            --annotate            Add to each row what the devtunnel command did
                                    (devtunnel_command, devtunnel_tunnel,
                                    devtunnel_ports, devtunnel_anonymous,
                                    devtunnel_login, devtunnel_risk_score) and which
                                    clause matched (matched_by), and where the first
                                    and last events were read (first_event,
                                    last_event: FILE:LINE, or FILE:RECORD-ID in an
                                    .evtx file); the risk events get
                                    devtunnel_risk_score.
            --risk=FILE           Write the risk events of the kept rows to FILE, one
                                    JSON object per line.
            --risk-output=FORMAT  jsonl (the risk index's field names) or hec (each
                                    risk event in a Splunk HEC envelope). Default:
                                    jsonl.
            --hec-index=INDEX     The index of the HEC envelopes (-o hec,
                                    --risk-output hec). Default: the HEC token's.
            --allowlist=FILE      Suppress rows that match an entry of this allowlist
                                    (JSON; see the README).
            --plugins=DIR         Load filter plugins from the jars in DIR
                                    (ServiceLoader, io.tunnelwatch.core.spi.
                                    DetectionFilter). A jar or class that cannot
                                    be loaded is a warning; the scan goes on.
            --filter-timeout=DURATION
                                  Warn on standard error, while it runs, about a
                                    filter that has been deciding one row for
                                    longer than this (500ms, 10s, 2m), again after
                                    each further DURATION. Default: 10s.
            --temp-dir=DIR        Where result groups spill past a quarter of the
                                    heap (-Xmx), to be merged back exactly; deleted
                                    at the end. Default: java.io.tmpdir.
            --show-suppressed     List the rows that filters suppressed, with the
                                    filter and its reason, on standard error.
            --throttle=DURATION   Suppress a row whose dest and process_name repeat
                                    those of a row kept less than DURATION (1h,
                                    24h, 1d) before or after it, as Splunk ES
                                    throttles alerts; counted as suppressed.
            --throttle-fields=NAME[,NAME...]
                                  The fields that make a repeat for --throttle.
                                    Default: dest,process_name.
            --coverage            Parse every line, and list per source the fields
                                    of the detection it lacks and what each hides
                                    (the summary names them in one line).
            --strict              Stop at the first malformed line (exit status 3).
                                    By default malformed lines are counted, reported
                                    and skipped.
            --no-prefilter        Parse every line. By default a line that cannot
                                    hold a devtunnel execution is passed over
                                    unparsed (counted as skipped; a malformed one is
                                    then not reported), which is several times faster
                                    and never changes the rows. --strict and
                                    --schedule always parse every line.
            --fail-on-detection   Exit with status 1 when a result row was found.
            --[no-]progress       Show a progress bar on standard error (default:
                                    when it is a terminal).
        -v, --verbose             Library warnings in full, and stack traces of
                                    errors.
        -h, --help                Show this help message and exit.
        -V, --version             Print version information and exit.
      
      Exit status:
        0   the scan completed (with or without detections)
        1   --fail-on-detection and a result row was found
        2   usage error (unknown option, bad value, malformed allowlist)
        3   an input could not be read (or an output written), --strict stopped on
              a bad line, or the scan ran out of memory or failed internally
      """;
}
