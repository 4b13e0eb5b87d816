# The base says hello.
final: {
  greeting = "hello";
}
