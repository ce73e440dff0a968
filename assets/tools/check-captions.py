#!/usr/bin/env python3
"""Checks the trailer caption files of the default pack against the placeholder trailer's cards.

Reads the card durations from make-trailer.sh (the `card SECONDS ...` calls), prints when each card
is on screen, and checks every WebVTT file given (default: ../justice-for-sergei/captions/*.vtt):

- UTF-8 without a byte-order mark, first line `WEBVTT`;
- every cue timing is `HH:MM:SS.mmm --> HH:MM:SS.mmm`, starts before it ends, cues in time order,
  and no cue runs past the end of the trailer;
- a cue that spans two cards is reported (a subtitle of a card's text should fit inside the card).

Exits 1 if any error was found. Python 3.8+, standard library only.

Usage: assets/tools/check-captions.py [--cards] [FILE.vtt ...]
"""
import pathlib
import re
import sys

HERE = pathlib.Path(__file__).resolve().parent
SCRIPT = HERE / "make-trailer.sh"
DEFAULT_DIR = HERE.parent / "justice-for-sergei" / "captions"
TIMING = re.compile(r"^(\d{2,}):(\d{2}):(\d{2})\.(\d{3}) --> (\d{2,}):(\d{2}):(\d{2})\.(\d{3})(?:[ \t].*)?$")
EPSILON = 0.0005


def cards_from_script(path):
    """[(start, end, first text row)] for every `card` call, in order."""
    cards, t = [], 0.0
    lines = path.read_text(encoding="utf-8").splitlines()
    for i, line in enumerate(lines):
        m = re.match(r"^card\s+([0-9.]+)\s*\\?$", line)
        if not m:
            continue
        duration = float(m.group(1))
        first = ""
        for row in lines[i + 1 :]:
            rm = re.match(r'^\s*"(\w+)\|(.*)"\s*\\?$', row)
            if not rm:
                break
            if rm.group(2):
                first = rm.group(2)
                break
        cards.append((t, t + duration, first))
        t += duration
    return cards


def stamp(seconds):
    ms = round(seconds * 1000)
    return f"{ms // 3600000:02d}:{ms // 60000 % 60:02d}:{ms // 1000 % 60:02d}.{ms % 1000:03d}"


def seconds(h, m, s, ms):
    return int(h) * 3600 + int(m) * 60 + int(s) + int(ms) / 1000


def card_at(cards, t):
    for n, (start, end, _) in enumerate(cards):
        if start - EPSILON <= t < end - EPSILON:
            return n
    return len(cards) - 1


def check(path, cards, total):
    errors, notes = [], []
    raw = path.read_bytes()
    if raw.startswith(b"\xef\xbb\xbf"):
        errors.append("starts with a UTF-8 byte-order mark; save it without one")
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        return [f"not UTF-8: {e}"], notes, 0
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if not re.match(r"^WEBVTT(?:[ \t].*)?$", lines[0]):
        errors.append("line 1: the file must start with the line `WEBVTT`")
    blocks, current = [], []
    for number, line in enumerate(lines[1:], start=2):
        if line.strip():
            current.append((number, line))
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    cues, last_start = 0, -1.0
    for block in blocks:
        first = block[0][1]
        if re.match(r"^(NOTE|STYLE|REGION)(?:[ \t]|$)", first):
            continue
        timing_at = 1 if len(block) > 1 and "-->" not in first else 0
        number, line = block[timing_at]
        m = TIMING.match(line)
        if not m:
            errors.append(f"line {number}: cue timing must be `HH:MM:SS.mmm --> HH:MM:SS.mmm`: {line!r}")
            continue
        start, end = seconds(*m.groups()[:4]), seconds(*m.groups()[4:])
        body = [l for _, l in block[timing_at + 1 :]]
        cues += 1
        where = f"line {number} ({stamp(start)})"
        if not body:
            errors.append(f"{where}: the cue has no text")
        if any("-->" in l for l in body):
            errors.append(f"{where}: cue text must not contain `-->`")
        if int(m.group(2)) > 59 or int(m.group(3)) > 59 or int(m.group(6)) > 59 or int(m.group(7)) > 59:
            errors.append(f"{where}: minutes and seconds run 00-59")
        if end <= start:
            errors.append(f"{where}: the cue ends before it starts")
        if start < last_start:
            errors.append(f"{where}: cues must be in time order")
        if end > total + 0.05:
            errors.append(f"{where}: the cue ends at {stamp(end)}, after the trailer ({stamp(total)})")
        a, b = card_at(cards, start), card_at(cards, max(start, end - 0.001))
        if a != b:
            notes.append(f"{where}: spans cards {a + 1}-{b + 1}")
        last_start = start
    if cues == 0:
        errors.append("no cues")
    return errors, notes, cues


def main(argv):
    show_cards = "--cards" in argv
    files = [pathlib.Path(a) for a in argv if a != "--cards"] or sorted(DEFAULT_DIR.glob("*.vtt"))
    cards = cards_from_script(SCRIPT)
    if not cards:
        print(f"{SCRIPT}: no `card` calls found", file=sys.stderr)
        return 1
    total = cards[-1][1]
    if show_cards:
        for n, (start, end, first) in enumerate(cards, start=1):
            print(f"card {n}: {stamp(start)} --> {stamp(end)}  {first}")
        print(f"trailer: {stamp(total)}; the music fades in over 2.5 s and out from {stamp(total - 3.5)}")
    failed = False
    for path in files:
        errors, notes, cues = check(path, cards, total)
        for message in errors:
            print(f"{path}: error: {message}")
        for message in notes:
            print(f"{path}: note: {message}")
        print(f"{path}: {cues} cues, {'FAILED' if errors else 'ok'}")
        failed |= bool(errors)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
