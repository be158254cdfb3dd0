import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../../platform/deps.js';
import { pageContext } from '../../platform/pages/render.js';
import { readPublicSettings } from '../../platform/settings/tenant-settings.js';
import { partnerKitPdf } from './partner-kit.js';

/** Sends a place's partner kit (sticker with the QR code of its public page, charter, staff card) as a PDF download. */
export async function sendPartnerKit(
  deps: AppDeps,
  request: FastifyRequest,
  reply: FastifyReply,
  place: { id: string; name: string; address: string },
) {
  const tenant = request.tenant!;
  const settings = await readPublicSettings(deps.database.db, tenant.id);
  const pdf = await partnerKitPdf({
    schemeName: settings.safePlaceSchemeName,
    tenantName: tenant.name,
    place,
    placeUrl: `${deps.config.publicUrl.replace(/\/$/, '')}/t/${tenant.slug}/angela/lieux/${place.id}`,
    lang: pageContext(request).lang,
    helpNumbers: settings.helpNumbers,
  });
  return reply.type('application/pdf').header('Content-Disposition', `attachment; filename="kit-${place.id}.pdf"`).send(pdf);
}
