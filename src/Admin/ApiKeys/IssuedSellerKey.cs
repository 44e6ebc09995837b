using System.Security.Claims;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using OrderPipeline.Data;
using OrderPipeline.Hosting.Security;
using OrderPipeline.Hosting.Http;

namespace OrderPipeline.Admin.ApiKeys;

/// <summary>The key as issued: the only time it is shown.</summary>
public sealed record IssuedSellerKey(string SellerId, string KeyId, string Key, DateTimeOffset CreatedAt);
