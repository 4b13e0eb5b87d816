# The trap: `final.a` is the finished a, which is the one this very line
# defines. a needs itself: "infinite recursion encountered".
# Every attribute that reads a (here b) fails too.
# Fix: write prev.a, or switch this overlay off in the stack.
final: prev: {
  a = final.a + 1;
}
