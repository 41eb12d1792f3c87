// single XOR2 driving an output port: when-conditioned / non_unate arcs  (osu018)
module xor1 (a, b, z);
  input a, b;
  output z;
  XOR2X1 u1 (.A(a), .B(b), .Y(z));
endmodule
