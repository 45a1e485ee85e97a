using System.Net.Http;
using System.Data.SqlClient;

public class Script : ScriptBase
{
    public override async Task<HttpResponseMessage> ExecuteAsync()
    {
        if (this.Context.OperationId == "GetOrder")
        {
            using var client = new HttpClient();
            return await client.SendAsync(this.Context.Request);
        }
        return await this.Context.SendAsync(this.Context.Request, this.CancellationToken);
    }
}
