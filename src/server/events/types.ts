/** An event as it sits in the log and travels on the bus: the row, payload already decoded. */
export interface StoredEvent<TPayload = unknown> {
  id: number;
  topic: string;
  payload: TPayload;
  createdAt: Date;
}

/** What a change asks to have appended, inside its transaction. */
export interface NewEvent {
  topic: string;
  type: string;
  payload: unknown;
}
