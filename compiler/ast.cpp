//===- ast.cpp - The syntax tree ------------------------------------------===//

#include "ast.h"

namespace lazyc {

const char *spelling(BinaryOp op) {
  switch (op) {
  case BinaryOp::Add:
    return "+";
  case BinaryOp::Sub:
    return "-";
  case BinaryOp::Mul:
    return "*";
  case BinaryOp::Div:
    return "/";
  }
  return "?";
}

} // namespace lazyc
