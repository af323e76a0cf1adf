/** MLflow's REST JSON (protobuf JSON: int64 fields may come as numbers or strings), as the recorded servers send it. */

export interface RestKeyValue {
  key: string;
  value: string;
}

export interface RestMetricPoint {
  key: string;
  value: unknown;
  timestamp: number | string;
  step: number | string;
}

/** runs/get, runs/create and runs/search. */
export interface RestRun {
  info: {
    run_id: string;
    run_uuid?: string;
    experiment_id: string;
    run_name?: string;
    user_id?: string;
    status: string;
    start_time?: number | string;
    end_time?: number | string;
    artifact_uri?: string;
    lifecycle_stage?: string;
  };
  data: {
    metrics?: RestMetricPoint[];
    params?: RestKeyValue[];
    tags?: RestKeyValue[];
  };
}

export interface RestExperiment {
  experiment_id: string;
  name: string;
  artifact_location?: string;
  lifecycle_stage?: string;
  creation_time?: number | string;
  last_update_time?: number | string;
  tags?: RestKeyValue[];
}
