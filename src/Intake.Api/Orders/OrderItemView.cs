using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using OrderPipeline.Data;
using OrderPipeline.Data.Orders;
using OrderPipeline.Hosting.Http;
using OrderPipeline.Intake.Sales;

namespace OrderPipeline.Intake.Orders;

public sealed record OrderItemView(string ProductId, int Quantity, decimal? UnitPrice);
