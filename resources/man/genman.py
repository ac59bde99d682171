#!/usr/bin/env python3
"""Writes a man page (roff, man(7) macros) from a program's --help and a file of
hand-written sections, so the OPTIONS of the page are always the program's own.

    genman.py PROGRAM NAME SECTION SUMMARY EXTRA_FILE OUTPUT

EXTRA_FILE holds further sections in a light format: a line "== TITLE" starts a section,
a line "  $ command" is an example shown verbatim, other lines are text (a blank line
starts a new paragraph).
"""
import datetime
import os
import re
import subprocess
import sys


def esc(text):
    text = text.replace("\\", "\\e").replace("-", "\\-")
    return ("\\&" + text) if text[:1] in (".", "'") else text


def options_from_help(help_text):
    """[(option spec, description)] from the option lines of --help, up to the first
    line of prose after them."""
    options = []
    for line in help_text.splitlines():
        m = re.match(r"^  (-[^ ].*?)(?:\s{2,}(.*))?$", line)
        if m:
            options.append([m.group(1).strip(), (m.group(2) or "").strip()])
        elif options and re.match(r"^\s{6,}\S", line):
            options[-1][1] = (options[-1][1] + " " + line.strip()).strip()
        elif options and line.strip() and not line.startswith(" "):
            break
    return options


def main(argv):
    program, name, section, summary, extra, output = argv[1:7]
    help_text = subprocess.run([program, "--help"], capture_output=True, text=True,
                               env={"LANG": "C", "LC_ALL": "C", "QT_QPA_PLATFORM": "offscreen"}).stdout
    out = []
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    today = datetime.datetime.fromtimestamp(int(epoch), datetime.timezone.utc).date() if epoch else datetime.date.today()
    out.append('.TH %s %s "%s" "Herd" "User Commands"' % (name.upper(), section, today.isoformat()))
    out.append(".SH NAME")
    out.append("%s \\- %s" % (esc(name), esc(summary)))
    usage = next((l for l in help_text.splitlines() if l.lower().startswith("usage:")), "")
    out.append(".SH SYNOPSIS")
    out.append(".B %s" % esc(name))
    rest = usage.split(None, 2)[2] if len(usage.split(None, 2)) > 2 else ""
    if rest:
        out.append(esc(rest))
    sections = {"DESCRIPTION": []}
    current = "DESCRIPTION"
    order = ["DESCRIPTION"]
    with open(extra, encoding="utf-8") as f:
        for line in f.read().splitlines():
            if line.startswith("== "):
                current = line[3:].strip().upper()
                sections.setdefault(current, [])
                if current not in order:
                    order.append(current)
            else:
                sections[current].append(line)

    def emit(lines):
        paragraph = False
        for line in lines:
            if not line.strip():
                paragraph = False
                continue
            if line.startswith("  $ "):
                out.append(".PP")
                out.append(".RS 4")
                out.append(".nf")
                out.append(esc(line[4:]))
                out.append(".fi")
                out.append(".RE")
                paragraph = False
                continue
            if not paragraph:
                out.append(".PP")
                paragraph = True
            out.append(esc(line.strip()))

    for title in order:
        out.append(".SH %s" % title)
        emit(sections[title])
        if title == "DESCRIPTION":
            out.append(".SH OPTIONS")
            for spec, text in options_from_help(help_text):
                out.append(".TP")
                out.append(".B %s" % esc(spec))
                out.append(esc(text))
    with open(output, "w", encoding="utf-8") as f:
        f.write("\n".join(out) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
