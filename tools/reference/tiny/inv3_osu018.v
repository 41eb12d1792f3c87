// 3-inverter chain: in -> u1 -> u2 -> u3 -> out  (osu018)
module inv3 (in, out);
  input in;
  output out;
  wire n1, n2;
  INVX1 u1 (.A(in), .Y(n1));
  INVX1 u2 (.A(n1), .Y(n2));
  INVX1 u3 (.A(n2), .Y(out));
endmodule
