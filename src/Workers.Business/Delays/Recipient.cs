using System.Diagnostics;
using System.Text;
using MassTransit;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using OrderPipeline.Contracts;
using OrderPipeline.Data.Sellers;
using OrderPipeline.Hosting.Messaging;
using OrderPipeline.Hosting.Retries;

namespace OrderPipeline.Business.Delays;

/// <summary>An order a delay marked, with its shopper and contacts.</summary>
public sealed record Recipient(string OrderId, string CustomerId, string? Phone, string? Email);
