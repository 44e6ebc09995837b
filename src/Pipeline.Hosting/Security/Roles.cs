namespace OrderPipeline.Hosting.Security;

/// <summary>The roles an API key can carry; each is also the name of the authorization policy that requires it.</summary>
public static class Roles
{
    public const string OnCall = "oncall";
    public const string Developer = "developer";

    /// <summary>A seller's own key: that seller's endpoints only.</summary>
    public const string Seller = "seller";

    /// <summary>Acts for any seller, and issues and revokes sellers' keys.</summary>
    public const string SellerAdmin = "seller-admin";

    /// <summary>The claim naming the seller a <see cref="Seller"/> key acts for.</summary>
    public const string SellerIdClaim = "seller_id";
}
