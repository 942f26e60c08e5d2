-- `cluster --rebuild`: every claim is placed again for $model_id.
DELETE FROM clustered_claims WHERE model_id = $model_id
