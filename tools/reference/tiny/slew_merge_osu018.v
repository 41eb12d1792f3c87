// slew merging at u3's output: u3.A1 input comes straight from port a (early, slow slew set by
// set_input_transition), u3.A2 comes through a 3-inverter chain from port b (late, sharp slew).
// u4 is a load inverter after the merge point.  (osu018)
module slew_merge (a, b, out);
  input a, b;
  output out;
  wire n1, n2, n3, m;
  INVX1 u0 (.A(b), .Y(n1));
  INVX1 u1 (.A(n1), .Y(n2));
  INVX1 u2 (.A(n2), .Y(n3));
  NAND2X1 u3 (.A(a), .B(n3), .Y(m));
  INVX1 u4 (.A(m), .Y(out));
endmodule
