//===- lexer.h - Tokens from source text ------------------------*- C++ -*-===//
//
// The Flex scanner (lexer.l) behind a small class: next() returns the next
// token with its source range; bad characters and out-of-range literals are
// reported to the diagnostics and skipped.
//
//===----------------------------------------------------------------------===//
#ifndef LAZYC_LEXER_H
#define LAZYC_LEXER_H

#include "diagnostics.h"
#include "parser.hpp"

#include "llvm/Support/MemoryBuffer.h"

namespace lazyc {

class Lexer {
public:
  Lexer(const llvm::MemoryBuffer &source, Diagnostics &diags);
  ~Lexer();
  Lexer(const Lexer &) = delete;
  Lexer &operator=(const Lexer &) = delete;

  Parser::symbol_type next();

  // For the scanner's actions.
  SourceRange consume(size_t length);
  SourceRange endOfInput() const { return {end, end}; }
  void unexpectedCharacter(const SourceRange &loc);
  Diagnostics &diags;

private:
  const char *cursor;
  const char *end;
  const char *endOfUnexpected = nullptr; // of the last unexpected character
  void *scanner = nullptr;
};

} // namespace lazyc

#endif
