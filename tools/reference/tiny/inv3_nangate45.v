// 3-inverter chain: in -> u1 -> u2 -> u3 -> out  (nangate45)
module inv3 (in, out);
  input in;
  output out;
  wire n1, n2;
  INV_X1 u1 (.A(in), .ZN(n1));
  INV_X1 u2 (.A(n1), .ZN(n2));
  INV_X1 u3 (.A(n2), .ZN(out));
endmodule
