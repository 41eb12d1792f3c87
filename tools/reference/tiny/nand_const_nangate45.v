// NAND2 with input b held by case analysis; its output n1 feeds an inverter (y)
// and a second NAND2 together with c (z).  (nangate45)
//   b=0 -> n1 constant 1 -> y constant 0, z = !c (only c->z propagates)
//   b=1 -> n1 = !a
module nand_const (a, b, c, y, z);
  input a, b, c;
  output y, z;
  wire n1;
  NAND2_X1 u1 (.A1(a), .A2(b), .ZN(n1));
  INV_X1 u2 (.A(n1), .ZN(y));
  NAND2_X1 u3 (.A1(n1), .A2(c), .ZN(z));
endmodule
