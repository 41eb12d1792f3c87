// slew merging at u3's output: u3.A1 input comes straight from port a (early, slow slew set by
// set_input_transition), u3.A2 comes through a 3-inverter chain from port b (late, sharp slew).
// u4 is a load inverter after the merge point.  (nangate45)
module slew_merge (a, b, out);
  input a, b;
  output out;
  wire n1, n2, n3, m;
  INV_X1 u0 (.A(b), .ZN(n1));
  INV_X1 u1 (.A(n1), .ZN(n2));
  INV_X1 u2 (.A(n2), .ZN(n3));
  NAND2_X1 u3 (.A1(a), .A2(n3), .ZN(m));
  INV_X1 u4 (.A(m), .ZN(out));
endmodule
