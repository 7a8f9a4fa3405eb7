//===- gmachine.cpp - G-machine code --------------------------------------===//

#include "gmachine.h"

namespace lazyc {

namespace {

class Printer {
public:
  Printer(const GProgram &program, llvm::raw_ostream &os)
      : program(program), os(os) {}

  void print(const Code &code, unsigned indent) {
    for (const Instruction &i : code) {
      os.indent(indent);
      printInstruction(i, indent);
    }
  }

private:
  const GProgram &program;
  llvm::raw_ostream &os;

  void printInstruction(const Instruction &i, unsigned indent) {
    switch (i.op) {
    case Op::Push:
      os << "Push " << i.n << '\n';
      return;
    case Op::PushInt:
      os << "PushInt " << i.n << '\n';
      return;
    case Op::PushGlobal:
      os << "PushGlobal " << program.globals[i.n].name << '\n';
      return;
    case Op::MkApp:
      os << "MkApp\n";
      return;
    case Op::Slide:
      os << "Slide " << i.n << '\n';
      return;
    case Op::Update:
      os << "Update " << i.n << '\n';
      return;
    case Op::Pop:
      os << "Pop " << i.n << '\n';
      return;
    case Op::Pack:
      os << "Pack " << program.constructors[i.ctor].name << ' ' << i.n << '\n';
      return;
    case Op::Split:
      os << "Split " << i.n << '\n';
      return;
    case Op::Jump:
      os << "Jump\n";
      for (const JumpBranch &b : i.branches) {
        os.indent(indent + 2);
        if (!b.key)
          os << '_';
        else if (i.onNumber)
          os << *b.key;
        else
          os << program.constructors[*b.key].name;
        os << ":\n";
        print(b.code, indent + 4);
      }
      return;
    case Op::Eval:
      os << "Eval\n";
      return;
    case Op::BinOp:
      os << "BinOp " << spelling(i.binop) << '\n';
      return;
    case Op::Alloc:
      os << "Alloc " << i.n << '\n';
      return;
    case Op::Unwind:
      os << "Unwind\n";
      return;
    }
  }
};

} // namespace

void print(const GProgram &program, llvm::raw_ostream &os) {
  Printer printer(program, os);
  for (const Supercombinator &sc : program.globals) {
    os << sc.name << " (arity " << sc.arity << "):\n";
    printer.print(sc.code, 2);
  }
}

} // namespace lazyc
