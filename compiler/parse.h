//===- parse.h - Source text to syntax tree ---------------------*- C++ -*-===//
//
// The front end's entry point: runs the Flex scanner and the Bison parser over
// one source buffer. Syntax errors go to the diagnostics; the parser resumes
// at the next definition, so one run reports every definition's first error.
//
//===----------------------------------------------------------------------===//
#ifndef LAZYC_PARSE_H
#define LAZYC_PARSE_H

#include "ast.h"
#include "diagnostics.h"

#include "llvm/Support/MemoryBuffer.h"

namespace lazyc {

Program parse(const llvm::MemoryBuffer &source, Diagnostics &diags);

} // namespace lazyc

#endif
