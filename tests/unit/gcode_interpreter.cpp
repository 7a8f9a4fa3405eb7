//===- gcode_interpreter.cpp - A reference interpreter of G-code ----------===//

#include "gcode_interpreter.h"

#include "names.h"

#include <deque>
#include <optional>
#include <vector>

namespace lazyc::test {

// ---- The static check -------------------------------------------------------

namespace {

class CodeChecker {
public:
  explicit CodeChecker(const GProgram &program) : program(program) {}

  std::string run() {
    for (const Supercombinator &sc : program.globals) {
      current = &sc;
      problem.clear();
      std::optional<Depths> end =
          walk(sc.code, {sc.nodeParams(), sc.valueParams()});
      if (problem.empty() && end)
        fail("does not end in a return");
      if (!problem.empty())
        return sc.name + ": " + problem;
    }
    return "";
  }

private:
  struct Depths {
    unsigned nodes, values;
    bool operator!=(const Depths &o) const {
      return nodes != o.nodes || values != o.values;
    }
  };

  const GProgram &program;
  const Supercombinator *current = nullptr;
  std::string problem;

  void fail(const std::string &what) {
    if (problem.empty())
      problem = what;
  }

  const Supercombinator *callee(const Instruction &i) {
    if (i.n < 0 || size_t(i.n) >= program.globals.size()) {
      fail("names a global that does not exist");
      return nullptr;
    }
    return &program.globals[size_t(i.n)];
  }

  /// The depths after code, or none if every path through it returns.
  std::optional<Depths> walk(const Code &code, Depths d) {
    for (size_t k = 0; k < code.size(); ++k) {
      const Instruction &i = code[k];
      if (!problem.empty())
        return std::nullopt;
      if (!step(i, d)) {
        if (k + 1 != code.size())
          fail("has code after a return");
        return std::nullopt;
      }
    }
    return d;
  }

  /// Applies i to d; false if i ends the function.
  bool step(const Instruction &i, Depths &d) {
    unsigned n = unsigned(i.n);
    switch (i.op) {
    case Op::Push:
    case Op::Eval:
    case Op::Clear:
      if (n >= d.nodes)
        fail("reaches below its frame");
      break;
    case Op::Update:
      if (n + 1 >= d.nodes)
        fail("updates below its frame");
      break;
    case Op::PushV:
      if (n >= d.values)
        fail("reaches below its values");
      break;
    case Op::Call:
    case Op::CallInt:
    case Op::TailCall:
    case Op::MkThunk:
    case Op::PushGlobal:
      if (const Supercombinator *g = callee(i)) {
        if (i.op != Op::PushGlobal && i.op != Op::MkThunk && g->arity == 0)
          fail("calls a CAF directly");
        if ((i.op == Op::PushGlobal || i.op == Op::MkThunk) && g->isWorker())
          fail("makes a node of a worker");
        if (i.op == Op::CallInt && !g->intResult)
          fail("takes an Int from a function that returns a node");
        if (i.op == Op::TailCall && current->intResult && !g->intResult)
          fail("tail-calls a function of another result type");
      }
      break;
    case Op::Return:
    case Op::TailApply:
      if (current->intResult)
        fail("returns a node from a function with an Int result");
      break;
    case Op::ReturnInt:
      if (!current->intResult)
        fail("returns an Int from a function whose result is a node");
      break;
    default:
      break;
    }
    if (!problem.empty())
      return false;
    StackEffect e = stackEffect(i, program);
    if (e.popNodes > d.nodes || e.popValues > d.values) {
      fail("pops more than its frame holds");
      return false;
    }
    d.nodes = d.nodes - e.popNodes + e.pushNodes;
    d.values = d.values - e.popValues + e.pushValues;
    if (i.op == Op::Return || i.op == Op::ReturnInt || i.op == Op::TailCall ||
        i.op == Op::TailApply)
      return false;
    if (i.op != Op::Jump)
      return true;
    if (i.on == Instruction::On::Constructor && d.nodes == 0)
      fail("jumps on a constructor it does not have");
    std::optional<Depths> joined;
    for (const JumpBranch &b : i.branches) {
      std::optional<Depths> end = walk(b.code, d);
      if (!end)
        continue;
      if (joined && *joined != *end)
        fail("joins branches of different depths");
      joined = end;
    }
    if (!joined)
      return false;
    d = *joined;
    return true;
  }
};

} // namespace

std::string checkCode(const GProgram &program) {
  return CodeChecker(program).run();
}

// ---- The interpreter --------------------------------------------------------

namespace {

struct Node {
  enum class Kind { Data, Num, App, Global, Thunk, Ind, BlackHole };
  Kind kind;
  int64_t value = 0;          // Num
  uint32_t tag = 0;           // Data: constructor; Global, Thunk: global
  std::vector<Node *> fields; // Data, Thunk
  Node *left = nullptr, *right = nullptr; // App
  Node *target = nullptr; // Ind; none while a hole is not filled
};

/// Ends a run: a runtime error, or code that breaks an invariant.
struct Stop {
  std::string error;
};

/// A function's result: a node, or an Int from a function with an Int
/// result.
struct Value {
  Node *node = nullptr;
  int64_t number = 0;
};

/// How executing a piece of code ended.
struct Outcome {
  enum class Kind { FellThrough, Returned, TailCalled } kind;
  Value value;
  uint32_t callee = 0;
};

/// The frame of one running supercombinator.
struct Frame {
  uint32_t global;
  size_t base, vbase;
};

class Machine {
public:
  Machine(const GProgram &program, RunResult &result, uint64_t stepLimit)
      : program(program), result(result), stepsLeft(stepLimit) {
    for (uint32_t i = 0; i < program.globals.size(); ++i)
      globals.push_back(make({Node::Kind::Global, 0, i, {}, {}, {}, {}}));
    for (uint32_t c = 0; c < program.constructors.size(); ++c)
      constants.push_back(make({Node::Kind::Data, 0, c, {}, {}, {}, {}}));
  }

  void run() {
    uint32_t main = program.mainIndex;
    Node *node = program.mainIsReferenced
                     ? globals[main]
                     : make({Node::Kind::Global, 0, main, {}, {}, {}, {}});
    show(node, false);
    result.output += '\n';
  }

private:
  const GProgram &program;
  RunResult &result;
  uint64_t stepsLeft;
  std::deque<Node> heap;
  std::vector<Node *> globals, constants;
  std::vector<Node *> stack;
  std::vector<int64_t> values;

  Node *make(Node node) {
    heap.push_back(std::move(node));
    return &heap.back();
  }

  [[noreturn]] static void runtimeError(const std::string &message) {
    throw Stop{"runtime error: " + message};
  }
  [[noreturn]] void invalid(const Frame &f, const std::string &what) {
    throw Stop{"invalid G-code: " + program.globals[f.global].name + " " +
               what};
  }

  // ---- Evaluation, as rt_eval and the entries do ----------------------------

  Node *eval(Node *node) {
    size_t base = stack.size();
    stack.push_back(node);
    for (;;) {
      Node *top = stack.back();
      switch (top->kind) {
      case Node::Kind::Data:
      case Node::Kind::Num:
        stack.resize(base);
        return top;
      case Node::Kind::App:
        stack.push_back(top->left);
        break;
      case Node::Kind::Ind:
        if (!top->target)
          runtimeError("<<loop>>");
        stack.back() = top->target;
        break;
      case Node::Kind::Thunk: {
        ++result.thunksEntered;
        std::vector<Node *> fields = top->fields;
        for (size_t i = fields.size(); i-- > 0;)
          stack.push_back(fields[i]);
        top->kind = Node::Kind::BlackHole;
        Node *value = enter(top->tag, stack.size() - fields.size());
        stack.back() = value;
        break;
      }
      case Node::Kind::Global: {
        uint32_t arity = program.globals[top->tag].arity;
        if (stack.size() - 1 - base < arity) {
          Node *spine = stack[base];
          stack.resize(base);
          return spine;
        }
        if (arity > 0)
          ++result.spinesUnwound;
        size_t size = stack.size();
        for (uint32_t i = 1; i <= arity; ++i)
          stack[size - i] = stack[size - 1 - i]->right;
        stack[size - 1 - arity]->kind = Node::Kind::BlackHole;
        Node *value = enter(top->tag, size - arity);
        stack.back() = value;
        break;
      }
      case Node::Kind::BlackHole:
        runtimeError("<<loop>>");
      }
    }
  }

  /// The entry of global g: its arguments from base on, the redex root
  /// below them, which it updates with the result.
  Node *enter(uint32_t g, size_t base) {
    Value value = runCode(g, base, values.size());
    Node *root = stack[base - 1];
    if (program.globals[g].boolResult)
      value = {box(g, value), 0};
    else if (program.globals[g].intResult ||
             value.node->kind == Node::Kind::Num) {
      int64_t number =
          program.globals[g].intResult ? value.number : value.node->value;
      root->kind = Node::Kind::Num;
      root->value = number;
      return root;
    }
    Node *target = value.node;
    while (target->kind == Node::Kind::Ind && target->target)
      target = target->target;
    if (target == root)
      runtimeError("<<loop>>");
    root->kind = Node::Kind::Ind;
    root->target = target;
    return target;
  }

  /// Runs g's code on the arguments from base on (a worker's unboxed ones
  /// from vbase on); leaves the stacks as they were below them. A function
  /// whose result is a node that tail-calls one with an Int result gets it
  /// boxed, as its code's caller expects.
  Value runCode(uint32_t g, size_t base, size_t vbase) {
    Frame f{g, base, vbase};
    for (;;) {
      Outcome o = exec(program.globals[f.global].code, f);
      if (o.kind == Outcome::Kind::Returned) {
        stack.resize(base);
        values.resize(f.vbase);
        if (!program.globals[g].intResult &&
            program.globals[f.global].intResult)
          return {box(f.global, o.value), 0};
        return o.value;
      }
      if (o.kind != Outcome::Kind::TailCalled)
        invalid(f, "does not end in a return");
      const Supercombinator &callee = program.globals[o.callee];
      std::vector<Node *> args(stack.end() - callee.nodeParams(), stack.end());
      stack.resize(base);
      stack.insert(stack.end(), args.begin(), args.end());
      std::vector<int64_t> unboxed(values.end() - callee.valueParams(),
                                   values.end());
      values.resize(f.vbase);
      values.insert(values.end(), unboxed.begin(), unboxed.end());
      f.global = o.callee;
    }
  }

  // ---- The frame ------------------------------------------------------------

  /// A slot the code reads (and may then write).
  Node *&slot(const Frame &f, int64_t offset) {
    Node *&node = anySlot(f, offset);
    if (!node)
      invalid(f, "reads a slot it cleared");
    return node;
  }
  Node *&anySlot(const Frame &f, int64_t offset) {
    if (offset < 0 || stack.size() - f.base <= size_t(offset))
      invalid(f, "reaches below its frame");
    return stack[stack.size() - 1 - size_t(offset)];
  }
  Node *pop(const Frame &f) {
    Node *node = slot(f, 0);
    stack.pop_back();
    return node;
  }
  void popNodes(const Frame &f, size_t n) {
    if (stack.size() - f.base < n)
      invalid(f, "pops more than its frame holds");
    stack.resize(stack.size() - n);
  }
  int64_t popValue(const Frame &f) {
    if (values.size() <= f.vbase)
      invalid(f, "pops a value it does not have");
    int64_t v = values.back();
    values.pop_back();
    return v;
  }
  void popValues(const Frame &f, size_t n) {
    if (values.size() - f.vbase < n)
      invalid(f, "pops more values than it has");
    values.resize(values.size() - n);
  }

  /// A node of kind with the top `count` nodes as fields, field 0 the top.
  Node *takeFields(const Frame &f, Node::Kind kind, uint32_t tag,
                   size_t count) {
    Node node{kind, 0, tag, {}, {}, {}, {}};
    for (size_t i = 0; i < count; ++i)
      node.fields.push_back(slot(f, int64_t(i)));
    popNodes(f, count);
    return make(std::move(node));
  }

  /// Whether the frame holds the arguments of a call of callee (not a CAF).
  bool hasArguments(const Frame &f, const Supercombinator &callee) const {
    return callee.arity > 0 && stack.size() - f.base >= callee.nodeParams() &&
           values.size() - f.vbase >= callee.valueParams();
  }

  Node *box(uint32_t g, Value v) {
    const Supercombinator &sc = program.globals[g];
    if (!sc.intResult)
      return v.node;
    if (sc.boolResult)
      return constants.at(size_t(v.number));
    return make({Node::Kind::Num, v.number, 0, {}, {}, {}, {}});
  }

  // ---- Instructions ---------------------------------------------------------

  Outcome exec(const Code &code, Frame &f) {
    for (const Instruction &i : code) {
      if (stepsLeft-- == 0)
        runtimeError("step limit reached");
      ++result.executed[i.op];
      if (std::optional<Outcome> o = step(i, f))
        return *o;
    }
    return {Outcome::Kind::FellThrough, {}, 0};
  }

  std::optional<Outcome> step(const Instruction &i, Frame &f) {
    int64_t n = i.n;
    switch (i.op) {
    case Op::Push:
      stack.push_back(slot(f, n));
      break;
    case Op::PushGlobal:
      stack.push_back(globals.at(size_t(n)));
      break;
    case Op::PushInt:
      stack.push_back(make({Node::Kind::Num, n, 0, {}, {}, {}, {}}));
      break;
    case Op::MkApp:
    case Op::MkPap: {
      Node *fun = pop(f), *arg = pop(f);
      stack.push_back(make({Node::Kind::App, 0, 0, {}, fun, arg, {}}));
      break;
    }
    case Op::MkThunk:
      stack.push_back(takeFields(f, Node::Kind::Thunk, uint32_t(n),
                                 program.globals.at(size_t(n)).arity));
      break;
    case Op::Pack:
      stack.push_back(n == 0
                          ? constants.at(i.ctor)
                          : takeFields(f, Node::Kind::Data, i.ctor, size_t(n)));
      break;
    case Op::Split: {
      Node *data = pop(f);
      if (data->kind != Node::Kind::Data || data->fields.size() != size_t(n))
        invalid(f, "splits what is not a constructor of that arity");
      for (size_t k = data->fields.size(); k-- > 0;)
        stack.push_back(data->fields[k]);
      break;
    }
    case Op::Slide: {
      if (stack.size() - f.base < i.keep)
        invalid(f, "slides more than its frame holds");
      std::vector<Node *> kept(stack.end() - i.keep, stack.end());
      stack.resize(stack.size() - i.keep);
      popNodes(f, size_t(n));
      stack.insert(stack.end(), kept.begin(), kept.end());
      break;
    }
    case Op::Pop:
      popNodes(f, size_t(n));
      break;
    case Op::Alloc:
      for (int64_t k = 0; k < n; ++k)
        stack.push_back(make({Node::Kind::Ind, 0, 0, {}, {}, {}, nullptr}));
      break;
    case Op::Update: {
      Node *value = pop(f);
      Node *hole = slot(f, n);
      if (hole->kind != Node::Kind::Ind || hole->target)
        invalid(f, "updates what is not an unfilled hole");
      while (value->kind == Node::Kind::Ind && value->target)
        value = value->target;
      if (value == hole)
        hole->kind = Node::Kind::BlackHole;
      else
        hole->target = value;
      break;
    }
    case Op::Eval: {
      Node *value = eval(slot(f, n)); // moves the stack: no reference held
      slot(f, n) = value;
      break;
    }
    case Op::Clear:
      anySlot(f, n) = nullptr;
      break;
    case Op::Apply: {
      // The same value as the spine of the call, evaluated.
      Node *value = pop(f);
      for (int64_t k = 0; k < n; ++k)
        value = make({Node::Kind::App, 0, 0, {}, value, pop(f), {}});
      stack.push_back(value); // a root while it is evaluated
      Node *result = eval(value);
      stack.back() = result;
      break;
    }
    case Op::Call:
    case Op::CallInt: {
      uint32_t g = uint32_t(n);
      const Supercombinator &callee = program.globals.at(size_t(g));
      if (!hasArguments(f, callee))
        invalid(f, "calls without the arguments");
      if (i.op == Op::CallInt && !callee.intResult)
        invalid(f, "takes an Int from a function that returns a node");
      Value v = runCode(g, stack.size() - callee.nodeParams(),
                        values.size() - callee.valueParams());
      if (i.op == Op::CallInt)
        values.push_back(v.number);
      else
        stack.push_back(eval(box(g, v)));
      break;
    }
    case Op::TailCall: {
      uint32_t g = uint32_t(n);
      if (!hasArguments(f, program.globals.at(size_t(g))))
        invalid(f, "tail-calls without the arguments");
      if (program.globals[f.global].intResult && !program.globals[g].intResult)
        invalid(f, "tail-calls a function of another result type");
      return Outcome{Outcome::Kind::TailCalled, {}, g};
    }
    case Op::Return:
      if (program.globals[f.global].intResult)
        invalid(f, "returns a node from a function with an Int result");
      return Outcome{Outcome::Kind::Returned, {slot(f, 0), 0}, 0};
    case Op::TailApply: {
      // The spine of the call, for the caller to evaluate.
      if (program.globals[f.global].intResult)
        invalid(f, "returns a node from a function with an Int result");
      Node *value = pop(f);
      for (int64_t k = 0; k < n; ++k)
        value = make({Node::Kind::App, 0, 0, {}, value, pop(f), {}});
      return Outcome{Outcome::Kind::Returned, {value, 0}, 0};
    }
    case Op::ReturnInt: {
      if (!program.globals[f.global].intResult)
        invalid(f, "returns an Int from a function whose result is a node");
      int64_t v = popValue(f);
      return Outcome{Outcome::Kind::Returned, {nullptr, v}, 0};
    }
    case Op::PushBasic:
      values.push_back(n);
      break;
    case Op::PushV:
      if (n < 0 || values.size() - f.vbase <= size_t(n))
        invalid(f, "reaches below its values");
      values.push_back(values[values.size() - 1 - size_t(n)]);
      break;
    case Op::PopV:
      popValues(f, size_t(n));
      break;
    case Op::SlideV: {
      int64_t top = popValue(f);
      popValues(f, size_t(n));
      values.push_back(top);
      break;
    }
    case Op::Get: {
      Node *node = pop(f);
      if (node->kind != Node::Kind::Num)
        invalid(f, "gets the number of what is not an evaluated number");
      values.push_back(node->value);
      break;
    }
    case Op::Tag: {
      Node *node = pop(f);
      if (node->kind != Node::Kind::Data || !node->fields.empty() ||
          node->tag > TrueId)
        invalid(f, "takes the Bool of what is not False or True");
      values.push_back(node->tag);
      break;
    }
    case Op::MkInt:
      stack.push_back(make({Node::Kind::Num, popValue(f), 0, {}, {}, {}, {}}));
      break;
    case Op::MkBool: {
      int64_t b = popValue(f);
      if (b != 0 && b != 1)
        invalid(f, "makes a Bool of what is not 0 or 1");
      stack.push_back(constants.at(size_t(b)));
      break;
    }
    case Op::PrimOp: {
      int64_t b = popValue(f), a = popValue(f);
      values.push_back(apply(i.binop, a, b));
      break;
    }
    case Op::Jump:
      return jump(i, f);
    }
    return std::nullopt;
  }

  static int64_t apply(BinaryOp op, int64_t a, int64_t b) {
    auto ua = uint64_t(a), ub = uint64_t(b);
    switch (op) {
    case BinaryOp::Add:
      return int64_t(ua + ub);
    case BinaryOp::Sub:
      return int64_t(ua - ub);
    case BinaryOp::Mul:
      return int64_t(ua * ub);
    case BinaryOp::Div:
      if (b == 0)
        runtimeError("division by zero");
      return b == -1 ? int64_t(0 - ua) : a / b;
    case BinaryOp::Mod:
      if (b == 0)
        runtimeError("division by zero");
      return b == -1 ? 0 : a % b;
    case BinaryOp::Eq:
      return a == b;
    case BinaryOp::Ne:
      return a != b;
    case BinaryOp::Lt:
      return a < b;
    case BinaryOp::Le:
      return a <= b;
    case BinaryOp::Gt:
      return a > b;
    case BinaryOp::Ge:
      return a >= b;
    }
    return 0;
  }

  std::optional<Outcome> jump(const Instruction &i, Frame &f) {
    int64_t key;
    if (i.on == Instruction::On::Constructor) {
      Node *top = slot(f, 0);
      if (top->kind != Node::Kind::Data)
        invalid(f, "jumps on the constructor of what is not one");
      key = top->tag;
    } else {
      key = popValue(f);
    }
    for (const JumpBranch &b : i.branches) {
      if (b.key && *b.key != key)
        continue;
      Outcome o = exec(b.code, f);
      if (o.kind == Outcome::Kind::FellThrough)
        return std::nullopt;
      return o;
    }
    runtimeError("no matching case branch");
  }

  // ---- Printing, as show.c does ---------------------------------------------

  void show(Node *node, bool argument) {
    if (argument)
      result.output += ' ';
    node = eval(node);
    if (node->kind == Node::Kind::Num) {
      bool parens = argument && node->value < 0;
      result.output += (parens ? "(" : "") + std::to_string(node->value) +
                       (parens ? ")" : "");
      return;
    }
    if (node->kind != Node::Kind::Data) {
      result.output += "<function>";
      return;
    }
    bool parens = argument && !node->fields.empty();
    if (parens)
      result.output += '(';
    result.output += program.constructors.at(node->tag).name;
    stack.push_back(node); // a root, as in show.c
    for (Node *field : node->fields)
      show(field, true);
    stack.pop_back();
    if (parens)
      result.output += ')';
  }
};

} // namespace

RunResult runProgram(const GProgram &program, uint64_t stepLimit) {
  RunResult result;
  try {
    Machine(program, result, stepLimit).run();
  } catch (const Stop &stop) {
    result.error = stop.error;
  }
  return result;
}

} // namespace lazyc::test
