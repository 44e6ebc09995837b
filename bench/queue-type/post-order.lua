-- wrk script: POST one valid order per request (the product is created by run.sh).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"customerId":"bench-customer","items":[{"productId":"bench-apple","quantity":1}],"contact":{"email":"bench@example.com"}}'
