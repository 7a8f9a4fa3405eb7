# cmake -DINPUT=f.bc -DOUTPUT=f.cpp -DSYMBOL=Name -P EmbedFile.cmake
# writes a C++ file defining lazyc::Name (the bytes of INPUT) and
# lazyc::NameSize.
file(READ ${INPUT} hex HEX)
string(LENGTH "${hex}" digits)
math(EXPR size "${digits} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
string(REGEX REPLACE "(0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,)" "\\1\n" bytes "${bytes}")
file(WRITE ${OUTPUT}
  "// Generated from ${INPUT} by EmbedFile.cmake: do not edit.\n"
  "#include <cstddef>\n"
  "namespace lazyc {\n"
  "extern const unsigned char ${SYMBOL}[] = {\n${bytes}\n};\n"
  "extern const size_t ${SYMBOL}Size = ${size};\n"
  "} // namespace lazyc\n")
