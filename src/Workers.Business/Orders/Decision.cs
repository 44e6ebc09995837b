using OrderPipeline.Contracts;

namespace OrderPipeline.Business.Orders;

public abstract record Decision(SubmitOrder Order);
