// Not compiled: a C++ text for the font check (tests/CMakeLists.txt). A comment may say anything: ☃.
const char* fine = "step \u2192 next";
const long separated = 1'000'000;
const char* raw = R"(a raw string with a comet: ☄)";
const char* bad = "\xe2\x98\x83 melts";
