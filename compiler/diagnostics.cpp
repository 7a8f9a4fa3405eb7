//===- diagnostics.cpp - Compile errors and warnings with positions -------===//

#include "diagnostics.h"

#include "llvm/Support/ConvertUTF.h"
#include "llvm/Support/Unicode.h"

#include <algorithm>
#include <cassert>

namespace lazyc {

void Diagnostics::report(llvm::SMLoc loc, const char *severity,
                         std::string text) {
  pending.push_back({{loc, severity, std::move(text)}, {}, pending.size()});
}

void Diagnostics::error(llvm::SMLoc loc, const llvm::Twine &message) {
  report(loc, "error", message.str());
  ++errorCount;
}

void Diagnostics::warning(llvm::SMLoc loc, const llvm::Twine &message,
                          llvm::StringRef flag) {
  if (warningsAreErrors)
    error(loc, message + " [-Werror,-W" + flag + "]");
  else
    report(loc, "warning", (message + " [-W" + flag + "]").str());
}

void Diagnostics::note(llvm::SMLoc loc, const llvm::Twine &message) {
  assert(!pending.empty() && "a note follows what it explains");
  pending.back().notes.push_back({loc, "note", message.str()});
}

namespace {

/// The replacement character, shown for a byte that is not UTF-8.
constexpr llvm::StringLiteral Replacement = "\xEF\xBF\xBD";

/// Appends the screen form of LINE to SHOWN (a tab up to the next multiple
/// of 8, another control character as a space, a UTF-8 character as itself
/// in its width, 2 for CJK, a byte that is not UTF-8 as the replacement
/// character) and returns the screen column where its byte CARET starts
/// (where the line ends, if that is before).
size_t show(llvm::StringRef line, size_t caret, std::string &shown) {
  size_t screen = 0, caretColumn = std::string::npos;
  for (size_t i = 0; i < line.size();) {
    if (i >= caret && caretColumn == std::string::npos)
      caretColumn = screen;
    unsigned char c = (unsigned char)line[i];
    if (c == '\t') {
      size_t next = (screen / 8 + 1) * 8;
      shown.append(next - screen, ' ');
      screen = next;
      ++i;
    } else if (c < 0x20 || c == 0x7F) {
      shown += ' ';
      ++screen;
      ++i;
    } else if (c < 0x80) {
      shown += char(c);
      ++screen;
      ++i;
    } else {
      const auto *bytes = reinterpret_cast<const llvm::UTF8 *>(line.data());
      unsigned length =
          llvm::getUTF8SequenceSize(bytes + i, bytes + line.size());
      int width =
          length ? llvm::sys::unicode::columnWidthUTF8(line.substr(i, length))
                 : -1;
      if (width < 0) {
        shown += Replacement;
        ++screen;
      } else {
        shown += line.substr(i, length);
        screen += size_t(width);
      }
      i += length ? length : 1;
    }
  }
  return caretColumn == std::string::npos ? screen : caretColumn;
}

} // namespace

void Diagnostics::print(llvm::raw_ostream &os, const Message &message) const {
  unsigned buffer = sourceMgr.FindBufferContainingLoc(message.loc);
  assert(buffer != 0 && "every location points into the source");
  const llvm::MemoryBuffer &source = *sourceMgr.getMemoryBuffer(buffer);
  llvm::StringRef text = source.getBuffer();
  size_t offset = size_t(message.loc.getPointer() - text.begin());
  size_t start = text.rfind('\n', offset);
  start = start == llvm::StringRef::npos ? 0 : start + 1;
  size_t end = std::min(text.find('\n', offset), text.size());
  llvm::StringRef line = text.slice(start, end);
  line.consume_back("\r");
  unsigned lineNumber = sourceMgr.FindLineNumber(message.loc, buffer);

  os << source.getBufferIdentifier() << ':' << lineNumber << ':'
     << (offset - start + 1) << ": " << message.severity << ": " << message.text
     << '\n';
  std::string shown;
  size_t column = show(line, offset - start, shown);
  os << shown << '\n' << std::string(column, ' ') << "^\n";
}

void Diagnostics::flush(llvm::raw_ostream &os) {
  // All locations point into one buffer, so pointer order is position
  // order; at one position, the order of reporting stays.
  std::sort(pending.begin(), pending.end(),
            [](const Pending &a, const Pending &b) {
              return std::pair(a.message.loc.getPointer(), a.order) <
                     std::pair(b.message.loc.getPointer(), b.order);
            });
  for (const Pending &p : pending) {
    print(os, p.message);
    for (const Message &note : p.notes)
      print(os, note);
  }
  pending.clear();
}

} // namespace lazyc
