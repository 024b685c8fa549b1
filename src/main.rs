fn main() {
    let mut rt = deno_core::JsRuntime::new(Default::default());
    let v = rt.execute_script("<x>", "1+1").unwrap();
    let _ = v;
    println!("ok");
}
