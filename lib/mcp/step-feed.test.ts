import { describe, expect, it } from 'vitest';
import type { Step } from '../report/schema';
import { createStepFeed } from './step-feed';

const step = (id: string, startMs = 0): Step => ({ id, name: id, status: 'ok', startMs, latencyMs: 1, notes: '', request: { method: 'POST', url: 'https://e.example/mcp', headers: [] } });
const tick = () => new Promise((r) => setImmediate(r));

describe('step feed', () => {
  it('sends a finished step after the code awaiting it has labelled it, once', async () => {
    const sent: string[] = [];
    const feed = createStepFeed((s) => sent.push(`${s.id}:${s.notes}`), () => true);
    const a = step('a');
    feed.finished(a);
    a.notes = 'labelled'; // what the awaiting code does right after its await
    expect(sent).toEqual([]);
    await tick();
    expect(sent).toEqual(['a:labelled']);
    feed.drain([a]);
    expect(sent).toEqual(['a:labelled']);
  });

  it('holds a step until it is released; drain sends the rest in the order given', async () => {
    const sent: string[] = [];
    const feed = createStepFeed((s) => sent.push(s.id), () => true);
    const [held, queued, unseen] = [step('held'), step('queued'), step('unseen')];
    feed.hold(held);
    feed.finished(queued);
    feed.flush();
    expect(sent).toEqual(['queued']);
    feed.release(held);
    feed.release(held);
    expect(sent).toEqual(['queued', 'held']);
    feed.drain([held, queued, unseen]);
    expect(sent).toEqual(['queued', 'held', 'unseen']);
    await tick();
    expect(sent).toHaveLength(3);
  });

  it('sends nothing once the door has cancelled', async () => {
    const sent: string[] = [];
    let active = true;
    const feed = createStepFeed((s) => sent.push(s.id), () => active);
    feed.finished(step('a'));
    active = false;
    await tick();
    feed.drain([step('b')]);
    expect(sent).toEqual([]);
  });
});
