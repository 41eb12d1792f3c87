// single XOR2 driving an output port: when-conditioned / non_unate arcs  (nangate45)
module xor1 (a, b, z);
  input a, b;
  output z;
  XOR2_X1 u1 (.A(a), .B(b), .Z(z));
endmodule
