#!/usr/bin/python3
"""The UI font, cut down to the glyphs the lab uses, as a C++ source file (run by CMake at build time).

First it checks the texts: every character inside a string of a lesson or scenario (JSON) and inside a
string or character literal of the C++ sources the UI draws from must be one the font subset holds
(web/font/glyphs.txt), because ImGui draws any other character as '?'. A missing one fails the build
with file:line:column and the character. Then it subsets the font with fontTools (glyph outlines, no
hinting and no layout tables: ImGui's stb_truetype uses neither) and writes OUTPUT, defining
coordlab::ui::ui_font_bytes() and ui_font_glyph_ranges() (the ranges for ImGui's atlas).

Usage: build_font.py --font TTF --glyphs glyphs.txt --output ui_font_data.cpp TEXT_FILE...
       build_font.py --font TTF --glyphs glyphs.txt --check-only TEXT_FILE...   (check, write nothing)
Needs Debian's python3-fonttools (run with /usr/bin/python3).
"""
import argparse
import io
import os
import re
import sys

from fontTools import subset
from fontTools.ttLib import TTFont

RAW_PREFIX = re.compile(r"(?:^|[^A-Za-z0-9_])(?:u8|u|U|L)?$")  # what may stand before R"( in C++
RANGE_LINE = re.compile(r"^U\+([0-9A-Fa-f]{4,6})(?:-U\+([0-9A-Fa-f]{4,6}))?(?:\s.*)?$")


def read_glyph_ranges(path):
    """[(first, last)] code points from glyphs.txt; exits with a located message on a bad line."""
    ranges = []
    with open(path, encoding="utf-8") as file:
        for number, line in enumerate(file, 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            match = RANGE_LINE.match(line)
            if not match:
                sys.exit(f"{path}:{number}:1: expected 'U+XXXX' or 'U+XXXX-U+YYYY' and a description, got '{line}'")
            first = int(match.group(1), 16)
            last = int(match.group(2) or match.group(1), 16)
            if last < first:
                sys.exit(f"{path}:{number}:1: the range ends before it starts")
            ranges.append((first, last))
    return ranges


def subset_font(font_path, wanted):
    """The subset font's bytes and the code points it maps (those of `wanted` the font has)."""
    options = subset.Options()
    options.layout_features = []  # ImGui places glyphs one by one: no shaping, no kerning
    options.hinting = False
    options.drop_tables += ["kern", "GPOS", "GSUB", "GDEF", "FFTM"]
    font = TTFont(font_path)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(wanted))
    subsetter.subset(font)
    output = io.BytesIO()
    font.save(output)
    return output.getvalue(), set(font.getBestCmap().keys())


def line_column(text, offset):
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


SIMPLE_ESCAPES = {"n": 10, "t": 9, "r": 13, "b": 8, "f": 12, "v": 11, "a": 7, "0": 0,
                  '"': 34, "'": 39, "\\": 92, "/": 47, "?": 63}


def literal_characters(text, start, quote, cpp):
    """Decodes the literal opening at text[start] (the quote); yields (offset, character) for each
    character, then returns the offset after the closing quote via StopIteration's value."""
    pending = bytearray()  # C++ \x bytes and raw UTF-8 gather here, decoded as UTF-8 together
    pending_at = start
    position = start + 1
    while position < len(text) and text[position] != quote and text[position] != "\n":
        char = text[position]
        if char != "\\":
            if not pending:
                pending_at = position
            pending += char.encode("utf-8")
            position += 1
            continue
        escape = text[position + 1:position + 2]
        if escape in ("u", "U"):
            digits = 4 if escape == "u" else 8
            code = int(text[position + 2:position + 2 + digits], 16)
            if not cpp and 0xD800 <= code <= 0xDBFF and text[position + 6:position + 8] == "\\u":
                low = int(text[position + 8:position + 12], 16)  # a JSON surrogate pair
                code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                digits += 6
            if not pending:
                pending_at = position
            pending += chr(code).encode("utf-8")
            position += 2 + digits
        elif cpp and escape == "x":
            digits = re.match(r"[0-9A-Fa-f]+", text[position + 2:]).group(0)
            if not pending:
                pending_at = position
            pending.append(int(digits, 16) & 0xFF)
            position += 2 + len(digits)
        else:
            pending.append(SIMPLE_ESCAPES.get(escape, ord(escape) if escape else 0))
            position += 2
    decoded = pending.decode("utf-8", errors="replace")
    for char in decoded:
        yield pending_at, char
    return position + 1


def json_characters(text):
    """(offset, character) for every character inside a JSON string."""
    position = 0
    while (position := text.find('"', position)) >= 0:
        position = yield from literal_characters(text, position, '"', cpp=False)


def cpp_characters(text):
    """(offset, character) for every character inside a C++ string or character literal (comments and
    code skipped; raw strings R"x(...)x" taken as they are)."""
    position = 0
    while position < len(text):
        char = text[position]
        if text.startswith("//", position):
            end = text.find("\n", position)
            position = len(text) if end < 0 else end
        elif text.startswith("/*", position):
            end = text.find("*/", position + 2)
            position = len(text) if end < 0 else end + 2
        elif text.startswith('R"', position) and RAW_PREFIX.search(text[max(0, position - 3):position]):
            delimiter = text[position + 2:text.index("(", position)]
            body_start = text.index("(", position) + 1
            body_end = text.index(f"){delimiter}\"", body_start)
            for offset in range(body_start, body_end):
                yield offset, text[offset]
            position = body_end + len(delimiter) + 2
        elif char == '"' or (char == "'" and not (position and text[position - 1].isalnum())):
            position = yield from literal_characters(text, position, char, cpp=True)
        else:
            position += 1


def missing_characters(path, held):
    """Located messages for each character in path's strings that the font subset does not hold."""
    with open(path, encoding="utf-8") as file:
        text = file.read()
    characters = json_characters(text) if path.endswith(".json") else cpp_characters(text)
    problems = []
    for offset, char in characters:
        if ord(char) < 0x20 or ord(char) in held:
            continue
        line, column = line_column(text, offset)
        problems.append(f"{path}:{line}:{column}: U+{ord(char):04X} '{char}' is not in the UI font, so the lab "
                        f"would draw '?': add it to web/font/glyphs.txt (if DejaVu Sans has it) or write the "
                        f"text without it [font.missing_glyph]")
    return problems


def cpp_source(font_bytes, held, font_name):
    rows = [",".join(f"0x{byte:02x}" for byte in font_bytes[at:at + 16]) for at in range(0, len(font_bytes), 16)]
    ranges = []
    for code in sorted(code for code in held if code <= 0xFFFF):
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    range_text = ", ".join(f"0x{first:04X}, 0x{last:04X}" for first, last in ranges)
    return (f"// Generated by web/font/build_font.py from {font_name} and web/font/glyphs.txt: do not edit.\n"
            "#include <cstddef>\n#include <span>\n\nnamespace coordlab::ui {\nnamespace {\n"
            f"alignas(4) const unsigned char font_bytes[{len(font_bytes)}] = {{\n" + ",\n".join(rows) + "\n};\n"
            f"const unsigned short glyph_ranges[] = {{{range_text}, 0}};\n}}  // namespace\n\n"
            "std::span<const unsigned char> ui_font_bytes() { return {font_bytes, sizeof font_bytes}; }\n"
            "const unsigned short* ui_font_glyph_ranges() { return glyph_ranges; }\n\n"
            "}  // namespace coordlab::ui\n")


def write_if_changed(path, text):
    if os.path.exists(path):
        with open(path, encoding="utf-8") as file:
            if file.read() == text:
                return
    with open(path + ".tmp", "w", encoding="utf-8") as file:
        file.write(text)
    os.replace(path + ".tmp", path)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--font", required=True)
    parser.add_argument("--glyphs", required=True)
    parser.add_argument("--output")
    parser.add_argument("--check-only", action="store_true")
    parser.add_argument("texts", nargs="*")
    arguments = parser.parse_args()
    wanted = set()
    for first, last in read_glyph_ranges(arguments.glyphs):
        wanted.update(range(first, last + 1))
    font_bytes, held = subset_font(arguments.font, wanted)
    problems = [problem for path in arguments.texts for problem in missing_characters(path, held)]
    if problems:
        print("\n".join(problems), file=sys.stderr)
        return 1
    if not arguments.check_only:
        write_if_changed(arguments.output, cpp_source(font_bytes, held, os.path.basename(arguments.font)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
