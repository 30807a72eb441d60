#include "event_layer.h"

#include <algorithm>
#include <limits>
#include <vtkCamera.h>
#include <vtkMatrix4x4.h>
#include <vtkObjectFactory.h>
#include <vtkOpenGLQuadHelper.h>
#include <vtkOpenGLRenderWindow.h>
#include <vtkOpenGLShaderCache.h>
#include <vtkOpenGLState.h>
#include <vtkRenderer.h>
#include <vtkShaderProgram.h>
#include <vtkTextureObject.h>
#include <vtk_glew.h>

namespace sciperf {

namespace {

// Where the image has nothing, nothing: the scene behind shows, its depth stays.
constexpr const char* kFragmentShader = R"(//VTK::System::Dec
in vec2 texCoord;
uniform sampler2D colors;
uniform sampler2D depths;
//VTK::Output::Dec
void main() {
  float depth = texture(depths, texCoord).r;
  if (depth >= 1.0)
    discard;
  gl_FragData[0] = texture(colors, texCoord);
  gl_FragDepth = depth;
}
)";

} // namespace

std::array<double, 16> eventWorldToClip(vtkCamera& camera, double aspect) {
    vtkMatrix4x4* matrix = camera.GetCompositeProjectionTransformMatrix(aspect, -1, 1);
    std::array<double, 16> worldToClip;
    std::copy(&matrix->Element[0][0], &matrix->Element[0][0] + 16, worldToClip.begin());
    return worldToClip;
}

vtkStandardNewMacro(EventLayer);

EventLayer::EventLayer()
    : m_geometry(std::make_shared<EventRasterGeometry>()) {}

EventLayer::~EventLayer() {
    ReleaseGraphicsResources(nullptr);
}

void EventLayer::setGeometry(std::shared_ptr<const EventRasterGeometry> geometry) {
    m_geometry = std::move(geometry);
    double bounds[6] = {std::numeric_limits<double>::max(), std::numeric_limits<double>::lowest(),
                        std::numeric_limits<double>::max(), std::numeric_limits<double>::lowest(),
                        std::numeric_limits<double>::max(), std::numeric_limits<double>::lowest()};
    for (const auto* points : {&m_geometry->hits, &m_geometry->pathPoints})
        for (const auto& point : *points)
            for (int axis = 0; axis < 3; ++axis) {
                bounds[2 * axis] = std::min(bounds[2 * axis], double(point[std::size_t(axis)]));
                bounds[2 * axis + 1] = std::max(bounds[2 * axis + 1], double(point[std::size_t(axis)]));
            }
    std::copy(bounds, bounds + 6, m_bounds);
    Modified();
}

void EventLayer::setHitPixels(int pixels) {
    m_hitPixels = pixels;
    Modified();
}

double* EventLayer::GetBounds() {
    if (m_geometry->hits.empty() && m_geometry->pathPoints.empty())
        return nullptr;
    return m_bounds;
}

int EventLayer::RenderOpaqueGeometry(vtkViewport* viewport) {
    auto* renderer = vtkRenderer::SafeDownCast(viewport);
    auto* window = renderer ? vtkOpenGLRenderWindow::SafeDownCast(renderer->GetRenderWindow()) : nullptr;
    if (window == nullptr || GetBounds() == nullptr)
        return 0;
    int width = 0, height = 0, left = 0, bottom = 0;
    renderer->GetTiledSizeAndOrigin(&width, &height, &left, &bottom);
    if (width <= 0 || height <= 0)
        return 0;
    vtkCamera* camera = renderer->GetActiveCamera();
    const bool changed = camera->GetMTime() != m_drawnCameraTime || GetMTime() != m_drawnLayerTime ||
                         width != m_drawnWidth || height != m_drawnHeight || m_colors == nullptr;
    if (changed) {
        rasterizeEvent(*m_geometry, eventWorldToClip(*camera, renderer->GetTiledAspectRatio()), width, height,
                       m_hitPixels, m_image);
        if (m_colors == nullptr) {
            m_colors = vtkTextureObject::New();
            m_depths = vtkTextureObject::New();
        }
        for (vtkTextureObject* texture : {m_colors, m_depths}) {
            texture->SetContext(window);
            texture->SetMinificationFilter(vtkTextureObject::Nearest);
            texture->SetMagnificationFilter(vtkTextureObject::Nearest);
        }
        m_colors->Create2DFromRaw(unsigned(width), unsigned(height), 4, VTK_UNSIGNED_CHAR,
                                  m_image.rgba.data());
        m_depths->Create2DFromRaw(unsigned(width), unsigned(height), 1, VTK_FLOAT, m_image.depth.data());
        m_drawnCameraTime = camera->GetMTime();
        m_drawnLayerTime = GetMTime();
        m_drawnWidth = width;
        m_drawnHeight = height;
    }
    if (!m_quad)
        m_quad = std::make_unique<vtkOpenGLQuadHelper>(window, nullptr, kFragmentShader, "");
    else
        window->GetShaderCache()->ReadyShaderProgram(m_quad->Program);
    if (m_quad->Program == nullptr)
        return 0;
    m_colors->Activate();
    m_depths->Activate();
    m_quad->Program->SetUniformi("colors", m_colors->GetTextureUnit());
    m_quad->Program->SetUniformi("depths", m_depths->GetTextureUnit());
    vtkOpenGLState* state = window->GetState();
    vtkOpenGLState::ScopedglEnableDisable depthTest(state, GL_DEPTH_TEST);
    state->vtkglEnable(GL_DEPTH_TEST);
    state->vtkglDepthMask(GL_TRUE);
    m_quad->Render();
    m_colors->Deactivate();
    m_depths->Deactivate();
    return 1;
}

void EventLayer::ReleaseGraphicsResources(vtkWindow* window) {
    if (m_quad && window != nullptr)
        m_quad->ReleaseGraphicsResources(window);
    m_quad.reset();
    for (vtkTextureObject** texture : {&m_colors, &m_depths})
        if (*texture != nullptr) {
            if (window != nullptr)
                (*texture)->ReleaseGraphicsResources(window);
            (*texture)->Delete();
            *texture = nullptr;
        }
}

} // namespace sciperf
