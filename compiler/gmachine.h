//===- gmachine.h - G-machine code ------------------------------*- C++ -*-===//
//
// The instruction set of the G-machine (Peyton Jones and Lester), as plain
// data, and its printed form for --emit-gmachine: one instruction a line,
// the branches of a Jump indented under their constructor.
//
//===----------------------------------------------------------------------===//
#ifndef LAZYC_GMACHINE_H
#define LAZYC_GMACHINE_H

#include "ast.h"

#include "llvm/Support/raw_ostream.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace lazyc {

enum class Op {
  Push,       // n: push the node at offset n
  PushInt,    // n: push a new number node
  PushGlobal, // n: push global n
  MkApp,      // pop f and x, push App(f, x)
  Slide,      // n: keep the top, drop the n nodes below it
  Update,     // n: pop v, overwrite the node at offset n with Ind(v)
  Pop,        // n: drop n nodes
  Pack,       // ctor, n: pop n fields into a constructor node
  Split,      // n: replace a constructor node by its n fields
  Jump,       // branch on the constructor (or the number) of the top node
  Eval,       // evaluate the top node to weak head normal form
  BinOp,      // binop: pop b and a (evaluated), push a op b
  Alloc,      // n: push n indirection holes
  Unwind      // return to the unwind loop
};

struct Instruction;
using Code = std::vector<Instruction>;

struct JumpBranch {
  std::optional<int64_t> key; // a constructor id or a number; none: any other
  Code code;
};

struct Instruction {
  Instruction(Op op, int64_t n = 0) : op(op), n(n) {}
  static Instruction pack(uint32_t ctor, uint32_t arity) {
    Instruction i(Op::Pack, arity);
    i.ctor = ctor;
    return i;
  }
  static Instruction binOp(BinaryOp op) {
    Instruction i(Op::BinOp);
    i.binop = op;
    return i;
  }

  Op op;
  int64_t n = 0;     // offset, count, value or global index
  uint32_t ctor = 0; // Pack
  BinaryOp binop = BinaryOp::Add;
  bool onNumber = false;            // Jump: keys are numbers, not ctor ids
  std::vector<JumpBranch> branches; // Jump
};

struct Supercombinator {
  std::string name;
  uint32_t arity;
  Code code;
};

struct ConstructorEntry {
  std::string name;
  uint32_t arity;
};

struct GProgram {
  std::vector<Supercombinator> globals;
  std::vector<ConstructorEntry> constructors; // by constructor id
  uint32_t mainIndex = 0;
  bool mainIsReferenced = false;
};

void print(const GProgram &program, llvm::raw_ostream &os);

} // namespace lazyc

#endif
