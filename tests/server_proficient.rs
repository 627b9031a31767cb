#[test] fn todo_placeholder() {}
