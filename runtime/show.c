/* show - printing values in Haskell's derived Show format, streamed. */
#include "show.h"

#include "error.h"
#include "eval.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ---- Output buffer ------------------------------------------------------- */

static struct {
  int fd;
  size_t length;
  char bytes[1 << 16];
} output = {.fd = STDOUT_FILENO};

void output_set_fd(int fd) { output.fd = fd; }

/* 0 or the errno of the failed write(2); async-signal-safe. */
static int write_all(int fd, const char *bytes, size_t length) {
  while (length > 0) {
    ssize_t written = write(fd, bytes, length);
    if (written < 0 && errno != EINTR)
      return errno;
    if (written > 0) {
      bytes += written;
      length -= (size_t)written;
    }
  }
  return 0;
}

void output_flush(void) {
  size_t length = output.length;
  /* Emptied first: rt_fatal below flushes again. */
  output.length = 0;
  int error = write_all(output.fd, output.bytes, length);
  if (error == EPIPE) /* the reader is gone: nobody to tell */
    rt_exit(1);
  if (error != 0) {
    char message[128];
    snprintf(message, sizeof message, "cannot write the output: %s",
             strerror(error));
    rt_fatal(message);
  }
}

void output_flush_from_signal(void) {
  write_all(output.fd, output.bytes, output.length);
  output.length = 0;
}

static void output_bytes(const char *bytes, size_t length) {
  while (length > 0) {
    if (output.length == sizeof output.bytes)
      output_flush();
    size_t room = sizeof output.bytes - output.length;
    size_t chunk = length < room ? length : room;
    memcpy(output.bytes + output.length, bytes, chunk);
    output.length += chunk;
    bytes += chunk;
    length -= chunk;
  }
}

static void output_string(const char *string) {
  output_bytes(string, strlen(string));
}

static void output_char(char c) { output_bytes(&c, 1); }

static void output_repeat(char c, uint64_t count) {
  for (; count > 0; count--)
    output_char(c);
}

static void output_int(int64_t value) {
  char digits[24];
  char *first = digits + sizeof digits;
  /* Through uint64_t: -INT64_MIN does not exist. */
  uint64_t magnitude = value < 0 ? 0 - (uint64_t)value : (uint64_t)value;
  do {
    *--first = (char)('0' + magnitude % 10);
    magnitude /= 10;
  } while (magnitude > 0);
  if (value < 0)
    *--first = '-';
  output_bytes(first, (size_t)(digits + sizeof digits - first));
}

/* ---- Show ---------------------------------------------------------------- */

/* How to print one pending node; entry i belongs to the i-th stack slot
 * above the value being shown. */
struct show_entry {
  bool is_argument;        /* a field: a space before, parenthesised */
  uint64_t closing_parens; /* owed after it by the constructors it ends */
};

static void reserve_entries(struct gmachine *gm, size_t count) {
  if (count <= gm->show_capacity)
    return;
  size_t capacity = gm->show_capacity ? 2 * gm->show_capacity : 64;
  while (capacity < count)
    capacity *= 2;
  struct show_entry *grown =
      realloc(gm->show_entries, capacity * sizeof *grown);
  if (!grown)
    rt_fatal("heap exhausted");
  gm->show_entries = grown;
  gm->show_capacity = capacity;
}

/* Print an evaluated value that has no fields to print after it. */
static void show_atom(const struct gmachine *gm, const struct node *value,
                      bool is_argument) {
  switch ((enum node_kind)value->kind) {
  case NODE_NUM: {
    int64_t number = ((const struct node_num *)value)->value;
    bool parenthesise = is_argument && number < 0;
    if (parenthesise)
      output_char('(');
    output_int(number);
    if (parenthesise)
      output_char(')');
    break;
  }
  case NODE_DATA:
    output_string(
        gm->program->ctors[value->tag].name);
    break;
  case NODE_PAP:       /* a partial application */
  case NODE_FUNCTION:  /* a function not applied at all */
  case NODE_APP:       /* never left by eval */
  case NODE_CAF:       /* never left by eval */
  case NODE_THUNK:     /* never left by eval */
  case NODE_IND:       /* never left by eval */
  case NODE_BLACKHOLE: /* never left by eval */
    output_string("<function>");
    break;
  }
}

/* Print the constructor on top, replace it by its fields: the last field
 * lowest, taking over the parentheses the constructor owes. */
static void show_constructor(struct gmachine *gm, size_t slot,
                             struct show_entry entry) {
  struct node *data = *--gm->m.sp;
  uint32_t arity = data->arity;
  if (entry.is_argument)
    output_char('(');
  output_string(gm->program->ctors[data->tag].name);
  reserve_entries(gm, slot + arity);
  for (uint32_t i = arity; i-- > 0;)
    *gm->m.sp++ = lazyc_fields(data)[i];
  gm->show_entries[slot] = (struct show_entry){
      .is_argument = true,
      .closing_parens = entry.closing_parens + entry.is_argument};
  for (uint32_t i = 1; i < arity; i++)
    gm->show_entries[slot + i] = (struct show_entry){.is_argument = true};
}

void show_top(struct gmachine *gm) {
  struct node **bottom = gm->m.sp - 1;
  reserve_entries(gm, 1);
  gm->show_entries[0] = (struct show_entry){.is_argument = false};
  while (gm->m.sp > bottom) {
    size_t slot = (size_t)(gm->m.sp - 1 - bottom);
    struct show_entry entry = gm->show_entries[slot];
    /* Before evaluating, as Haskell's show does: if the evaluation fails,
     * the output so far still ends where the failing value starts. */
    if (entry.is_argument)
      output_char(' ');
    machine_eval_top(gm);
    const struct node *value = gm->m.sp[-1];
    if (value->kind == NODE_DATA && value->arity > 0) {
      show_constructor(gm, slot, entry);
    } else {
      gm->m.sp--;
      show_atom(gm, value, entry.is_argument);
      output_repeat(')', entry.closing_parens);
    }
  }
  output_char('\n');
}
