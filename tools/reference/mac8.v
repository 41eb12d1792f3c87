// Behavioural signed MAC used as the reference circuit for HALO-DSE timing checks.
// mac8  : fused variant, y = acc + w*a in one combinational stage.
// mul8  : "registered" variant, multiplier stage only (the product is registered
//         before accumulation), p = w*a.
// w, a: signed 8-bit two's complement; acc, y: signed 24-bit.
module mac8 (
    input  signed [7:0]  w,
    input  signed [7:0]  a,
    input  signed [23:0] acc,
    output signed [23:0] y
);
    assign y = acc + w * a;
endmodule

module mul8 (
    input  signed [7:0]  w,
    input  signed [7:0]  a,
    output signed [15:0] p
);
    assign p = w * a;
endmodule
