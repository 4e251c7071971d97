import { appGuard } from '@/app/guard';
import { monitorHandlers } from '../handler';

export const dynamic = 'force-dynamic';

type Ctx = { params: Promise<{ id: string }> };
const h = monitorHandlers({ guard: appGuard });

/** GET: state, uptime, recent runs and events. PATCH/DELETE need Authorization: Bearer <manageToken>. */
export const GET = async (request: Request, { params }: Ctx) => h.GET(request, (await params).id);
export const PATCH = async (request: Request, { params }: Ctx) => h.PATCH(request, (await params).id);
export const DELETE = async (request: Request, { params }: Ctx) => h.DELETE(request, (await params).id);
