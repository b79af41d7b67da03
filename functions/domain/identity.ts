// Who is asking the web app's API (functions/api/CONTRACT.md): a commissioner, named by e-mail where
// the sign-in gives one, or one provider, who may reach only its own provider_id. The API reads it
// from a header locally; on AWS, aws/access reads it from the verified Cognito claims.
export type Identity = { role: 'commissioner'; name?: string } | { role: 'provider'; provider_id: string };
