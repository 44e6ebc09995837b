using OrderPipeline.Contracts;

namespace OrderPipeline.Business.Orders;

public sealed record Reject(SubmitOrder Order, string Reason) : Decision(Order);
