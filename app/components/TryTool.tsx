'use client';
// Try: a form built from the tool's inputSchema (app/components/schema-form.ts), or raw JSON for
// what the form cannot express, checked here first and again by the server (Ajv) before anything
// is sent. A tool that is not read-only asks for a confirmation that names the hint, because a
// call runs the tool for real on someone's server.
import { useId, useRef, useState } from 'react';
import type { Tool } from '@/lib/report/schema';
import { buildArguments, fieldsFor, initialValues, keyOf, riskOf, type Field, type Values } from './schema-form';

type Run = (args: Record<string, unknown>) => Promise<string | null>;

export function TryTool({ tool, target, run }: { tool: Tool; target: string; run: Run }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const fields = fieldsFor(tool.inputSchema ?? { type: 'object' });
  const risk = riskOf(tool.annotations);
  const [mode, setMode] = useState<'form' | 'json'>(fields ? 'form' : 'json');
  const [values, setValues] = useState<Values>(() => initialValues(fields ?? []));
  const [json, setJson] = useState('{}');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<Record<string, unknown> | null>(null);
  const [busy, setBusy] = useState(false);
  const base = useId();
  const titleId = `${base}-title`;

  const open = () => {
    setProblem(null);
    setConfirming(null);
    dialog.current?.showModal();
  };
  const close = () => dialog.current?.close();

  const collect = (): Record<string, unknown> | null => {
    if (mode === 'json') {
      try {
        const v = JSON.parse(json) as unknown;
        if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Error('not an object');
        setErrors({});
        return v as Record<string, unknown>;
      } catch {
        setErrors({ json: 'The arguments must be one JSON object, e.g. {"city": "Paris"}.' });
        return null;
      }
    }
    const built = buildArguments(fields ?? [], values);
    if (!built.ok) {
      setErrors(built.errors);
      // Focus the first field that needs fixing.
      const first = Object.keys(built.errors)[0];
      if (first) requestAnimationFrame(() => document.getElementById(`${base}-${first}`)?.focus());
      return null;
    }
    setErrors({});
    return built.args;
  };

  const call = async (args: Record<string, unknown>) => {
    setBusy(true);
    setProblem(null);
    try {
      const error = await run(args);
      if (error) setProblem(error);
      else close();
    } catch {
      setProblem('The call could not be made: the app did not answer. Try again in a moment.');
    } finally {
      setBusy(false);
      setConfirming(null);
    }
  };

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    const args = collect();
    if (!args) return;
    if (risk.level === 'confirm') setConfirming(args);
    else void call(args);
  };

  const toJson = () => {
    const built = buildArguments(fields ?? [], values);
    setJson(JSON.stringify(built.ok ? built.args : {}, null, 2));
    setErrors({});
    setMode('json');
  };

  const host = (() => {
    try {
      return new URL(target).host;
    } catch {
      return target;
    }
  })();

  return (
    <>
      <button type="button" className="secondary try" onClick={open} aria-haspopup="dialog">
        Try<span className="sr-only"> {tool.name}</span>
      </button>
      <dialog ref={dialog} className="try-dialog" aria-labelledby={titleId} onClose={() => setConfirming(null)}>
        <form onSubmit={submit} noValidate>
          <header className="try-head">
            <h3 id={titleId}>
              Try <code>{tool.name}</code>
            </h3>
            <span className={`badge risk-${risk.level}`} data-risk={risk.level}>
              {risk.level === 'safe' ? 'read-only: safe to try' : risk.level === 'modifies' ? 'may change data' : tool.annotations?.destructiveHint ? 'destructive' : 'no hints'}
            </span>
            <button type="button" className="link close" onClick={close} aria-label="Close">
              ✕
            </button>
          </header>
          {tool.description ? <p className="small muted">{tool.description}</p> : null}
          <p className="small">
            Calls <code>tools/call</code> on <strong>{host}</strong> with the headers you entered for the check. The tool runs for real.
          </p>
          {fields ? (
            <div className="try-mode" role="group" aria-label="How to enter the arguments">
              <button type="button" className={mode === 'form' ? 'secondary on' : 'secondary'} aria-pressed={mode === 'form'} onClick={() => setMode('form')}>
                Form
              </button>
              <button type="button" className={mode === 'json' ? 'secondary on' : 'secondary'} aria-pressed={mode === 'json'} onClick={toJson}>
                JSON
              </button>
            </div>
          ) : (
            <p className="small muted">This input schema cannot be shown as a form: enter the arguments as JSON.</p>
          )}
          {mode === 'form' && fields ? (
            fields.length ? (
              <div className="try-fields">
                {fields.map((f) => (
                  <FieldInput key={keyOf(f.path)} f={f} base={base} values={values} setValues={setValues} errors={errors} />
                ))}
              </div>
            ) : (
              <p className="small muted">This tool takes no arguments.</p>
            )
          ) : (
            <div className="try-field">
              <label htmlFor={`${base}-json`}>Arguments (JSON object)</label>
              <textarea
                id={`${base}-json`}
                className="json"
                rows={8}
                spellCheck={false}
                value={json}
                onChange={(e) => setJson(e.target.value)}
                aria-invalid={errors.json ? true : undefined}
                aria-describedby={errors.json ? `${base}-json-err` : undefined}
              />
              {errors.json ? (
                <div id={`${base}-json-err`} className="field-error">
                  {errors.json}
                </div>
              ) : null}
            </div>
          )}
          {Object.keys(errors).length && mode === 'form' ? (
            <p className="form-error" role="alert">
              Fix the marked field{Object.keys(errors).length === 1 ? '' : 's'} first.
            </p>
          ) : null}
          {problem ? (
            <p className="form-error" role="alert">
              {problem}
            </p>
          ) : null}
          {confirming ? (
            <div className="confirm" role="alertdialog" aria-labelledby={`${base}-confirm`}>
              <p id={`${base}-confirm`}>
                <strong>{tool.name}</strong> is marked <code>{risk.reason}</code>. Calling it runs it on {host} and may change or delete data there. Call it anyway?
              </p>
              <button type="button" className="primary danger" disabled={busy} onClick={() => void call(confirming)} autoFocus>
                {busy ? 'Calling…' : 'Call anyway'}
              </button>{' '}
              <button type="button" className="secondary" onClick={() => setConfirming(null)}>
                Back
              </button>
            </div>
          ) : (
            <div className="try-actions">
              <button type="submit" className="primary" disabled={busy}>
                {busy ? 'Calling…' : 'Call'}
              </button>{' '}
              <button type="button" className="secondary" onClick={close}>
                Cancel
              </button>
            </div>
          )}
        </form>
      </dialog>
    </>
  );
}

function FieldInput({ f, base, values, setValues, errors }: { f: Field; base: string; values: Values; setValues: (u: (v: Values) => Values) => void; errors: Record<string, string> }) {
  const k = keyOf(f.path);
  const id = `${base}-${k}`;
  const err = errors[k];
  const helpId = f.description ? `${id}-help` : undefined;
  const errId = err ? `${id}-err` : undefined;
  const described = [helpId, errId].filter(Boolean).join(' ') || undefined;
  const set = (v: Values[string]) => setValues((all) => ({ ...all, [k]: v }));
  const value = values[k];
  const text = typeof value === 'string' ? value : '';
  const common = { id, 'aria-invalid': err ? true : undefined, 'aria-describedby': described, 'aria-required': f.required || undefined } as const;
  const label = (
    <label htmlFor={id}>
      {f.label}
      {f.required ? (
        <span className="required" aria-hidden="true">
          {' '}
          *
        </span>
      ) : null}
      <span className="small muted"> {f.kind === 'json' ? 'JSON' : f.kind === 'array' ? `list of ${f.item}s` : f.kind === 'enum' ? 'one of' : f.kind}</span>
      {f.required ? <span className="sr-only"> (required)</span> : null}
    </label>
  );
  const help = (
    <>
      {f.description ? (
        <div id={helpId} className="field-help">
          {f.description}
        </div>
      ) : null}
      {err ? (
        <div id={errId} className="field-error">
          {err}
        </div>
      ) : null}
    </>
  );
  switch (f.kind) {
    case 'object':
      return (
        <fieldset className="try-object">
          <legend>
            {f.label}
            {f.required ? <span className="required"> *</span> : null}
          </legend>
          {f.description ? <div className="field-help">{f.description}</div> : null}
          {f.fields.map((c) => (
            <FieldInput key={keyOf(c.path)} f={c} base={base} values={values} setValues={setValues} errors={errors} />
          ))}
        </fieldset>
      );
    case 'boolean':
      return (
        <div className="try-field">
          {label}
          <select {...common} value={text} onChange={(e) => set(e.target.value)}>
            {f.required ? null : <option value="">(not set)</option>}
            <option value="true">true</option>
            <option value="false">false</option>
          </select>
          {help}
        </div>
      );
    case 'enum':
      return (
        <div className="try-field">
          {label}
          <select {...common} value={text} onChange={(e) => set(e.target.value)}>
            <option value="">{f.required ? 'Choose…' : '(not set)'}</option>
            {f.options.map((o) => (
              <option key={JSON.stringify(o)} value={JSON.stringify(o)}>
                {String(o)}
              </option>
            ))}
          </select>
          {help}
        </div>
      );
    case 'number':
    case 'integer':
      return (
        <div className="try-field">
          {label}
          <input {...common} type="number" inputMode={f.kind === 'integer' ? 'numeric' : 'decimal'} step={f.kind === 'integer' ? 1 : 'any'} min={f.minimum} max={f.maximum} value={text} onChange={(e) => set(e.target.value)} />
          {help}
        </div>
      );
    case 'array': {
      const items = Array.isArray(value) ? value : [];
      return (
        <fieldset className="try-field try-array" aria-describedby={described}>
          <legend>
            {f.label}
            {f.required ? <span className="required"> *</span> : null} <span className="small muted">list of {f.item}s</span>
          </legend>
          {items.map((it, i) => (
            <div key={i} className="array-row">
              <input
                id={i === 0 ? id : undefined}
                aria-label={`${f.label} item ${i + 1}`}
                type={f.item === 'string' ? 'text' : 'number'}
                value={it}
                onChange={(e) => set(items.map((x, j) => (j === i ? e.target.value : x)))}
              />
              <button type="button" className="link" onClick={() => set(items.filter((_, j) => j !== i))} aria-label={`Remove ${f.label} item ${i + 1}`}>
                Remove
              </button>
            </div>
          ))}
          <button type="button" className="secondary small" id={items.length ? undefined : id} onClick={() => set([...items, ''])}>
            Add item
          </button>
          {help}
        </fieldset>
      );
    }
    case 'json':
      return (
        <div className="try-field">
          {label}
          <textarea {...common} className="json" rows={2} spellCheck={false} placeholder={'e.g. "text", 42 or {"a": 1}'} value={text} onChange={(e) => set(e.target.value)} />
          {help}
        </div>
      );
    case 'string':
      return (
        <div className="try-field">
          {label}
          {f.multiline ? (
            <textarea {...common} rows={3} value={text} onChange={(e) => set(e.target.value)} />
          ) : (
            <input {...common} type="text" value={text} minLength={f.minLength} maxLength={f.maxLength} onChange={(e) => set(e.target.value)} />
          )}
          {help}
        </div>
      );
  }
}
