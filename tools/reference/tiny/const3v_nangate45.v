// 3-valued constant propagation: u1 AOI21 with B1=B2=1 (case) -> ZN constant 0, a->z blocked;
// u3 XOR2(x1, !x1) is logically constant 1 but OpenSTA (local 0/1/X evaluation) keeps it X.  (nangate45)
module aoi(a, b1, b2, z, x1, x2, zx);
  input a, b1, b2, x1, x2; output z, zx; wire n;
  AOI21_X1 u1 (.A(a), .B1(b1), .B2(b2), .ZN(z));
  INV_X1 u2 (.A(x1), .ZN(n));
  XOR2_X1 u3 (.A(x1), .B(n), .Z(zx));
endmodule
